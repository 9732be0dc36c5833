import {
  buildAttachmentRefFixture,
  buildSubscriberRefFixture,
  buildWorkflowSnapshotFixture,
} from '../common/common.fixture';
import { CONTRACT_LIMITS } from '../common/limits';
import { formatZodIssues } from '../registry/zod-issues.formatter';
import { type TriggerRequestedData, triggerRequestedDataSchema } from './trigger-requested.contract';
import { buildTriggerRequestedFixture } from './trigger-requested.fixture';

function issues(data: unknown): string[] {
  const result = triggerRequestedDataSchema.safeParse(data);
  return result.success ? [] : formatZodIssues(result.error, 'data');
}

const build = (overrides: Partial<TriggerRequestedData> = {}) => buildTriggerRequestedFixture(overrides);

describe('trigger.requested.v1', () => {
  it('accepts its fixture unchanged', () => {
    const fixture = build();
    expect(triggerRequestedDataSchema.parse(fixture)).toEqual(fixture);
  });

  it('gives fresh ids and transactionIds on every call', () => {
    expect(build().transactionId).not.toBe(build().transactionId);
  });

  it('accepts every recipient shape, actor, tenant, context, attachments and idempotency key', () => {
    const data = build({
      to: [
        { type: 'Subscriber', subscriberId: 'bare' },
        buildSubscriberRefFixture({
          email: null,
          channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['t'] } }],
        }),
        { type: 'Topic', topicKey: 'team-a', exclude: ['bare'] },
      ],
      actor: { type: 'Subscriber', subscriberId: 'actor-1', firstName: 'Grace' },
      tenant: { identifier: 'acme', name: 'Acme', data: { tier: 'gold' } },
      context: { key: 'org-acme' },
      attachments: [buildAttachmentRefFixture({ channels: ['email'] })],
      idempotencyKey: 'k'.repeat(CONTRACT_LIMITS.maxIdempotencyKeyLength),
    });
    expect(issues(data)).toEqual([]);
  });

  it('accepts a workflow with delay, digest and throttle steps', () => {
    const workflow = buildWorkflowSnapshotFixture({
      steps: [
        {
          stepId: 'digest',
          name: 'Digest',
          type: 'digest',
          active: true,
          controlValues: { amount: 5, unit: 'minutes' },
        },
        {
          stepId: 'delay',
          name: 'Delay',
          type: 'delay',
          active: true,
          controlValues: { type: 'timed', cron: '0 9 * * *' },
        },
        { stepId: 'throttle', name: 'Throttle', type: 'throttle', active: false, controlValues: {} },
        { stepId: 'push', name: 'Push', type: 'push', active: true, controlValues: { body: 'hi' } },
      ],
    });
    expect(issues(build({ workflow }))).toEqual([]);
  });

  it('range-checks overrides.delay like a delay step, naming the field', () => {
    const delay = (amount: number, unit: string) => build({ overrides: { delay: { amount, unit } } });
    const overAYear = 'data.overrides.delay.amount: must be at most 31536000 (1 year in seconds)';
    expect(issues(build({ overrides: { delay: { amount: 2, unit: 'hours' }, email: { from: 'x' } } }))).toEqual([]);
    expect(issues(delay(1e300, 'seconds'))).toEqual([overAYear]);
    expect(issues(delay(9007199254740991, 'days'))).toEqual([overAYear]);
    expect(issues(delay(400, 'days'))).toEqual(['data.overrides.delay.amount: must be at most 365 days (1 year)']);
    expect(issues(delay(1, 'years'))).toEqual([expect.stringMatching(/^data\.overrides\.delay\.unit: /)]);
  });

  it('range-checks the delay, digest and throttle windows of the workflow it carries', () => {
    const controlValues = { amount: 9007199254740991, unit: 'seconds' as const };
    const workflow = buildWorkflowSnapshotFixture({
      steps: [{ stepId: 'wait', name: 'wait', type: 'delay', active: true, controlValues }],
    });
    expect(issues(build({ workflow }))).toEqual([
      'data.workflow.steps[0].controlValues.amount: must be at most 31536000 (1 year in seconds)',
    ]);
  });

  it('accepts a broadcast without recipients and rejects one with recipients', () => {
    expect(issues(build({ kind: 'broadcast', to: [] }))).toEqual([]);
    expect(issues(build({ kind: 'broadcast' }))).toEqual([
      'data.to: a broadcast has no recipients: every subscriber of the environment receives it',
    ]);
  });

  it('rejects a trigger without recipients', () => {
    expect(issues(build({ to: [] }))).toEqual(['data.to: a trigger needs at least one recipient']);
  });

  it(`accepts ${CONTRACT_LIMITS.maxRecipients} recipients and rejects one more`, () => {
    const to = Array.from({ length: CONTRACT_LIMITS.maxRecipients + 1 }, (_, i) => ({
      type: 'Subscriber' as const,
      subscriberId: `s-${i}`,
    }));
    expect(issues(build({ to: to.slice(1) }))).toEqual([]);
    expect(issues(build({ to }))).toEqual(['data.to: must list at most 100 recipients']);
  });

  it('rejects duplicate recipients (the gateway de-duplicates)', () => {
    const to = [
      { type: 'Subscriber' as const, subscriberId: 'a' },
      { type: 'Topic' as const, topicKey: 'a' },
      { type: 'Subscriber' as const, subscriberId: 'a' },
      { type: 'Topic' as const, topicKey: 'a' },
    ];
    expect(issues(build({ to }))).toEqual([
      'data.to[2]: duplicates subscriberId "a"',
      'data.to[3]: duplicates topicKey "a"',
    ]);
  });

  it('rejects malformed recipients with their path', () => {
    const to = [{ type: 'Subscriber', subscriberId: '' }, { type: 'Group', id: 'x' }, { type: 'Topic' }];
    expect(issues({ ...build(), to })).toEqual([
      'data.to[0].subscriberId: must not be empty',
      "data.to[1].type: Invalid discriminator value. Expected 'Subscriber' | 'Topic'",
      'data.to[2].topicKey: Required',
    ]);
  });

  it('rejects a transactionId over 255 characters', () => {
    expect(issues(build({ transactionId: 't'.repeat(255) }))).toEqual([]);
    expect(issues(build({ transactionId: 't'.repeat(256) }))).toEqual([
      'data.transactionId: must be at most 255 characters',
    ]);
  });

  it('rejects a payload that is not a record or is too large', () => {
    expect(issues({ ...build(), payload: ['a'] })).toEqual(['data.payload: Expected object, received array']);
    expect(issues({ ...build(), payload: null })).toEqual(['data.payload: Expected object, received null']);
    const large = { blob: 'x'.repeat(CONTRACT_LIMITS.maxPayloadBytes) };
    expect(issues(build({ payload: large }))).toEqual([
      expect.stringMatching(/^data\.payload: must serialize to at most 524288 bytes \(got \d+\)$/),
    ]);
  });

  it('rejects a workflow the gateway would not have queued', () => {
    const inactive = buildWorkflowSnapshotFixture({ active: false });
    expect(issues(build({ workflow: inactive }))).toEqual([
      'data.workflow.active: an inactive workflow is never queued',
    ]);
    const noActiveSteps = buildWorkflowSnapshotFixture();
    noActiveSteps.steps = noActiveSteps.steps.map((step) => ({ ...step, active: false }));
    expect(issues(build({ workflow: noActiveSteps }))).toEqual(['data.workflow.steps: needs at least one active step']);
  });

  it('rejects bad steps: unknown type, duplicate stepId, digest without window', () => {
    const workflow = buildWorkflowSnapshotFixture();
    const steps = [
      ...workflow.steps,
      { stepId: 'email', name: 'Again', type: 'email', active: true, controlValues: {} },
      { stepId: 'fax', name: 'Fax', type: 'fax', active: true, controlValues: {} },
      { stepId: 'digest', name: 'Digest', type: 'digest', active: true, controlValues: { cron: '' } },
    ];
    expect(issues({ ...build(), workflow: { ...workflow, steps } })).toEqual([
      expect.stringMatching(/^data\.workflow\.steps\[3\]\.type: Invalid discriminator value/),
      'data.workflow.steps[4].controlValues.cron: must not be empty',
    ]);
    expect(issues({ ...build(), workflow: { ...workflow, steps: steps.slice(0, 3) } })).toEqual([
      'data.workflow.steps[2].stepId: duplicates stepId "email"',
    ]);
  });

  it('rejects attachments over the total size', () => {
    const half = CONTRACT_LIMITS.maxAttachmentBytes / 2;
    const attachments = [half, half, 1].map((size) => buildAttachmentRefFixture({ size }));
    expect(issues(build({ attachments: attachments.slice(0, 2) }))).toEqual([]);
    expect(issues(build({ attachments }))).toEqual(['data.attachments: attachments must total at most 20971520 bytes']);
    expect(issues(build({ attachments: [buildAttachmentRefFixture({ mime: 'pdf' })] }))).toEqual([
      'data.attachments[0].mime: must be a MIME type like "application/pdf"',
    ]);
  });

  it('reports every missing required field', () => {
    expect(issues({})).toEqual(
      [
        'kind',
        'organizationId',
        'environmentId',
        'workflow',
        'to',
        'payload',
        'overrides',
        'transactionId',
        'attachments',
        'requestedAt',
      ].map((field) => `data.${field}: Required`),
    );
  });

  it('rejects a requestedAt without offset and an unknown kind', () => {
    expect(issues({ ...build(), requestedAt: '2026-01-01 10:00', kind: 'bulk' })).toEqual([
      "data.kind: Invalid enum value. Expected 'trigger' | 'broadcast', received 'bulk'",
      'data.requestedAt: must be an ISO 8601 date-time with an offset',
    ]);
  });

  it('drops unknown top-level fields (older consumers tolerate newer producers)', () => {
    const parsed = triggerRequestedDataSchema.parse({ ...build(), addedLater: true });
    expect(parsed).not.toHaveProperty('addedLater');
  });
});
