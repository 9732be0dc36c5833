import { buildJobDispatchFixture, buildRunnerIntegrationFixture } from '@herald/contracts';
import type { PrepareInput } from '@herald/runner-kit';

import { allowedEmailHeaders, composeEmail, messageIdFor } from './email-message';

function input(overrides: Partial<PrepareInput> = {}): PrepareInput {
  return {
    job: buildJobDispatchFixture(),
    integration: buildRunnerIntegrationFixture({ credentials: { from: 'sender@example.com', senderName: 'Sender' } }),
    content: { subject: 'Hi', body: '<p>Hello</p>' },
    providerOverrides: {},
    channelOverrides: {},
    attachments: [],
    ...overrides,
  };
}

describe('composeEmail', () => {
  it('addresses the subscriber from the integration sender', () => {
    const base = input();
    expect(composeEmail(base)).toEqual({
      ok: true,
      message: {
        to: [base.job.subscriber.email],
        cc: [],
        bcc: [],
        from: { address: 'sender@example.com', name: 'Sender' },
        subject: 'Hi',
        html: '<p>Hello</p>',
        headers: {},
        attachments: [],
      },
    });
  });

  it('takes recipients and extras from overrides.email, ignoring unsafe headers', () => {
    const composed = composeEmail(
      input({
        channelOverrides: {
          to: 'a@x.org, b@x.org',
          bcc: ['c@x.org', 'nope'],
          from: 'other@example.com',
          headers: { 'X-Tag': 'v', 'Message-ID': 'forged', 'X-Bad': 'a\r\nBcc: evil@x.org' },
        },
      }),
    );
    expect(composed).toMatchObject({
      ok: true,
      message: {
        to: ['a@x.org', 'b@x.org'],
        bcc: ['c@x.org'],
        from: { address: 'other@example.com' },
        headers: { 'X-Tag': 'v' },
      },
    });
  });

  it('lets through only allow-listed override headers (never Sender, Return-Path, From or X-Herald-*)', () => {
    const headers = {
      'X-Campaign': 'spring',
      'List-Unsubscribe': '<https://example.com/u>',
      Sender: 'ceo@example.com',
      'Return-Path': 'bounces@evil.example',
      From: 'ceo@example.com',
      'x-herald-delivery-key': 'forged',
      'X-Herald-Job': 'forged',
    };
    const allowed = { 'X-Campaign': 'spring', 'List-Unsubscribe': '<https://example.com/u>' };
    expect(allowedEmailHeaders(headers)).toEqual(allowed);
    const composed = composeEmail(input({ channelOverrides: { headers } }));
    expect(composed).toMatchObject({ ok: true, message: { headers: allowed } });
    expect(allowedEmailHeaders(['X-A'])).toEqual({});
  });

  it('says what is missing: an address (cancel) or a sender (misconfigured integration)', () => {
    const base = input();
    expect(
      composeEmail({ ...base, job: { ...base.job, subscriber: { ...base.job.subscriber, email: null } } }),
    ).toEqual({ ok: false, missing: 'Subscriber has no email address' });
    expect(
      composeEmail({ ...base, job: { ...base.job, subscriber: { ...base.job.subscriber, email: 'not-an-address' } } }),
    ).toEqual({ ok: false, missing: 'Subscriber email address is not a valid address' });
    expect(composeEmail({ ...base, integration: buildRunnerIntegrationFixture({ credentials: {} }) })).toMatchObject({
      ok: false,
      failure: { code: 'integration_misconfigured' },
    });
  });

  it('derives the Message-ID from the delivery key and the sender domain', () => {
    expect(messageIdFor('abc', 'team@mail.example.com')).toBe('<abc@mail.example.com>');
    expect(messageIdFor('abc', 'broken')).toBe('<abc@herald.local>');
  });
});
