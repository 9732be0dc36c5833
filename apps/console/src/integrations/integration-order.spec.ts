import type { Integration } from '../api/resources.types';
import { deliverySentence, failoverOrder, testAnswerSentence } from './integration-order';

const integration = (identifier: string, fields: Partial<Integration>): Integration => ({
  _id: identifier,
  providerId: 'nodemailer',
  channel: 'email',
  name: identifier,
  identifier,
  credentials: {},
  active: true,
  primary: false,
  priority: 0,
  createdAt: '2026-12-06T08:00:00.000Z',
  ...fields,
});

describe('failoverOrder', () => {
  it('puts the primary first, then descending priority, and leaves out the inactive', () => {
    const { tried, inactive } = failoverOrder([
      integration('low', { priority: 1 }),
      integration('off', { active: false, priority: 9 }),
      integration('high', { priority: 5 }),
      integration('main', { primary: true }),
      integration('low-too', { priority: 1 }),
    ]);
    expect(tried.map((entry) => entry.identifier)).toEqual(['main', 'high', 'low', 'low-too']);
    expect(inactive.map((entry) => entry.identifier)).toEqual(['off']);
  });
});

describe('deliverySentence', () => {
  const stats = { integrationId: 'i', delivered: 3, failed: 1, errorRate: 0.25, recent: [] };
  it('names the counts and the error rate of the window', () => {
    expect(deliverySentence(stats, 24)).toBe('3 delivered, 1 failed in the last 24 hours · error rate 25%');
  });
  it('says when nothing was attempted', () => {
    expect(deliverySentence(undefined, 24)).toBe('No delivery attempt in the last 24 hours.');
    expect(deliverySentence({ ...stats, delivered: 0, failed: 0, errorRate: null }, 1)).toBe(
      'No delivery attempt in the last hour.',
    );
  });
});

describe('testAnswerSentence', () => {
  const answer = {
    ok: true,
    channel: 'email',
    integrationId: 'i',
    providerId: 'nodemailer',
    integrationIdentifier: 'smtp',
    recipient: 'ada@example.com',
    providerMessageId: '<k@example.com>',
    error: null,
    durationMs: 42,
  };
  it("reads the provider's acceptance", () => {
    expect(testAnswerSentence(answer)).toBe(
      'nodemailer accepted it for ada@example.com in 42 ms · message id <k@example.com>.',
    );
  });
  it("reads the provider's refusal", () => {
    const refused = {
      ...answer,
      ok: false,
      providerMessageId: null,
      error: { code: 'provider_auth_failed', message: 'sendgrid answered HTTP 401', retryable: false },
    };
    expect(testAnswerSentence(refused)).toBe(
      'nodemailer did not send it: sendgrid answered HTTP 401 (provider_auth_failed).',
    );
  });
});
