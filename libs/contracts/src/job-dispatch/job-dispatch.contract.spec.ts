import type { z } from 'zod';

import { DELIVERY_CHANNELS, type DeliveryChannel } from '../common/channel.schema';
import { buildAttachmentRefFixture } from '../common/common.fixture';
import { CONTRACT_LIMITS } from '../common/limits';
import { formatZodIssues } from '../registry/zod-issues.formatter';
import {
  JOB_DISPATCH_ROUTING_KEYS,
  jobDispatchChannel,
  jobDispatchDataSchema,
  jobDispatchDataSchemaFor,
  jobDispatchRoutingKey,
} from './job-dispatch.contract';
import { buildJobDispatchFixture } from './job-dispatch.fixture';

function issues(schema: z.ZodTypeAny, data: unknown): string[] {
  const result = schema.safeParse(data);
  return result.success ? [] : formatZodIssues(result.error, 'data');
}

const events = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `job-${i}`, createdAt: new Date(i).toISOString(), payload: { i } }));

describe('job.dispatch.<channel>.v1 routing keys', () => {
  it('has one kebab-case routing key per delivery channel', () => {
    expect(DELIVERY_CHANNELS.map((channel) => jobDispatchRoutingKey(channel))).toEqual([
      'job.dispatch.email.v1',
      'job.dispatch.sms.v1',
      'job.dispatch.push.v1',
      'job.dispatch.chat.v1',
      'job.dispatch.in-app.v1',
    ]);
  });

  it('maps a routing key back to its channel', () => {
    expect(jobDispatchChannel('job.dispatch.in-app.v1')).toBe('in_app');
    expect(jobDispatchChannel('job.dispatch.fax.v1')).toBeUndefined();
  });

  it('throws on a value that is not a channel', () => {
    expect(() => jobDispatchRoutingKey('delay' as DeliveryChannel)).toThrow('not a delivery channel: delay');
    expect(() => jobDispatchRoutingKey('toString' as DeliveryChannel)).toThrow(TypeError);
  });
});

describe('job.dispatch.<channel>.v1 data', () => {
  it.each(DELIVERY_CHANNELS)('accepts the %s fixture on its own routing key only', (channel) => {
    const fixture = buildJobDispatchFixture({}, channel);
    expect(jobDispatchDataSchemaFor(channel).parse(fixture)).toEqual(fixture);
    const other = DELIVERY_CHANNELS.find((c) => c !== channel) as DeliveryChannel;
    expect(issues(jobDispatchDataSchemaFor(other), fixture)).toEqual([
      `data.step.type: must be "${other}" on ${JOB_DISPATCH_ROUTING_KEYS[other]}`,
    ]);
  });

  it('accepts actor, tenant, digest and attachments', () => {
    const { channels: _channels, ...actor } = buildJobDispatchFixture().subscriber;
    const data = buildJobDispatchFixture({
      attempt: 3,
      actor,
      tenant: { identifier: 'acme' },
      digest: { events: events(3), totalCount: 5 },
      attachments: [buildAttachmentRefFixture()],
    });
    expect(issues(jobDispatchDataSchema, data)).toEqual([]);
  });

  it('accepts a subscriber whose profile fields are all null', () => {
    const subscriber = {
      ...buildJobDispatchFixture().subscriber,
      ...{ email: null, phone: null, firstName: null, lastName: null, avatar: null, locale: null, timezone: null },
      data: null,
      channels: [],
    };
    expect(issues(jobDispatchDataSchema, buildJobDispatchFixture({ subscriber }))).toEqual([]);
  });

  it('requires every subscriber snapshot field (null, not absent)', () => {
    const { email: _email, ...subscriber } = buildJobDispatchFixture().subscriber;
    expect(issues(jobDispatchDataSchema, { ...buildJobDispatchFixture(), subscriber })).toEqual([
      'data.subscriber.email: Required',
    ]);
  });

  it('rejects an action step, attempt 0 and a malformed delivery key', () => {
    const fixture = buildJobDispatchFixture();
    const data = { ...fixture, attempt: 0, deliveryKey: 'abc', step: { ...fixture.step, type: 'delay' } };
    expect(issues(jobDispatchDataSchema, data)).toEqual([
      'data.attempt: must be at least 1',
      'data.deliveryKey: must be 64 lowercase hex characters (SHA-256)',
      expect.stringMatching(/^data\.step\.type: Invalid enum value\. Expected 'email' \| 'sms'/),
    ]);
  });

  it('bounds digest events and keeps totalCount consistent', () => {
    const tooMany = CONTRACT_LIMITS.maxDigestEvents + 1;
    expect(
      issues(
        jobDispatchDataSchema,
        buildJobDispatchFixture({ digest: { events: events(tooMany), totalCount: tooMany } }),
      ),
    ).toEqual([`data.digest.events: must carry at most ${CONTRACT_LIMITS.maxDigestEvents} events`]);
    expect(issues(jobDispatchDataSchema, buildJobDispatchFixture({ digest: { events: [], totalCount: 1 } }))).toEqual([
      'data.digest.events: must carry at least the digesting event',
    ]);
    expect(
      issues(jobDispatchDataSchema, buildJobDispatchFixture({ digest: { events: events(2), totalCount: 1 } })),
    ).toEqual(['data.digest.totalCount: must be at least the number of events carried']);
  });

  it('rejects a malformed chat webhook and an oversized device token list', () => {
    const subscriber = buildJobDispatchFixture().subscriber;
    subscriber.channels = [
      { providerId: 'slack', credentials: { webhookUrl: 'not a url' } },
      { providerId: 'fcm', credentials: { deviceTokens: Array(CONTRACT_LIMITS.maxDeviceTokens + 1).fill('t') } },
    ];
    expect(issues(jobDispatchDataSchema, buildJobDispatchFixture({ subscriber }))).toEqual([
      'data.subscriber.channels[0].credentials.webhookUrl: must be a URL',
      'data.subscriber.channels[1].credentials.deviceTokens: must list at most 1000 tokens',
    ]);
  });
});
