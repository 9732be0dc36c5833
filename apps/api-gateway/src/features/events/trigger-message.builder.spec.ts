import {
  buildAttachmentRefFixture,
  buildSubscriberRefFixture,
  buildTriggerRequestedFixture,
  buildWorkflowSnapshotFixture,
  ContractViolationError,
  TriggerRequestedData,
  triggerRequestedDataSchema,
  workflowSnapshotSchema,
} from '@herald/contracts';
import fc from 'fast-check';

import { isCertainlyValidTriggerData, TriggerMessageBuilder } from './trigger-message.builder';

const emoji = '😀';
/** Mostly `valid`, sometimes one of `edges` — so that whole messages are often valid, and often not quite. */
const mostly = <T>(valid: fc.Arbitrary<T>, ...edges: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, ...edges.map((arbitrary) => ({ arbitrary, weight: 1 })));
/** Strings around every limit the contract has, in UTF-16 units and in code points. */
const edgyString = fc.constantFrom(
  '',
  ' ',
  'x'.repeat(35),
  'x'.repeat(36),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(255),
  'x'.repeat(256),
  emoji.repeat(127),
  emoji.repeat(128),
  'x'.repeat(320),
  'x'.repeat(321),
  'x'.repeat(2048),
  'x'.repeat(2049),
  '\ud800',
);
const id = mostly(
  fc.string({ minLength: 1, maxLength: 12 }),
  edgyString,
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
);
const text = mostly(
  fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 12 })),
  edgyString,
  fc.integer(),
  fc.constant([]),
);
const record = mostly(
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constant(null),
  fc.constant([]),
  fc.string(),
  fc.constant(undefined),
);
const subscriber = fc.record(
  {
    type: mostly(fc.constant('Subscriber'), fc.constantFrom('Topic', 'subscriber', undefined)),
    subscriberId: id,
    email: text,
    phone: text,
    firstName: text,
    lastName: text,
    avatar: text,
    locale: text,
    timezone: text,
    data: mostly(fc.constantFrom(undefined, null, { plan: 'pro' }), fc.constantFrom([], 'x')),
    channels: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 8 },
      fc.constant([{ providerId: 'fcm', credentials: { deviceTokens: ['t'] } }]),
      fc.constant('fcm'),
    ),
    unknown: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, fc.constant(1)),
  },
  { requiredKeys: ['type', 'subscriberId'] },
);
const topic = fc.record(
  {
    type: mostly(fc.constant('Topic'), fc.constant('Subscriber')),
    topicKey: id,
    exclude: mostly(
      fc.oneof(fc.constant(undefined), fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 3 })),
      fc.array(edgyString, { maxLength: 2 }),
      fc.constant('x'),
    ),
  },
  { requiredKeys: ['type', 'topicKey'] },
);
const recipients = mostly(
  fc.array(fc.oneof({ arbitrary: subscriber, weight: 3 }, topic), { minLength: 1, maxLength: 4 }),
  fc.constantFrom(
    [],
    [
      { type: 'Subscriber', subscriberId: 'a' },
      { type: 'Subscriber', subscriberId: 'a' },
    ],
    [
      { type: 'Subscriber', subscriberId: 'a' },
      { type: 'Topic', topicKey: 'a' },
    ],
    Array.from({ length: 100 }, (_, i) => ({ type: 'Subscriber', subscriberId: `s${i}` })),
    Array.from({ length: 101 }, (_, i) => ({ type: 'Subscriber', subscriberId: `s${i}` })),
    [null],
  ),
);
const tenant = mostly(
  fc.oneof(
    fc.constant(undefined),
    fc.record(
      {
        identifier: id,
        name: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
        data: fc.constantFrom(undefined, { a: 1 }),
      },
      { requiredKeys: ['identifier'] },
    ),
  ),
  fc.constantFrom(
    { identifier: 'a', extra: 1 },
    { identifier: 'a', name: '' },
    { identifier: 'a', data: null },
    'acme',
  ),
);
const workflow = mostly(
  fc.constant(buildWorkflowSnapshotFixture()),
  fc.constant(buildWorkflowSnapshotFixture({ active: false })),
  fc.constant(buildWorkflowSnapshotFixture({ steps: [] })),
  fc.constant(
    buildWorkflowSnapshotFixture({
      steps: [{ stepId: 'a', name: 'A', type: 'in_app', active: false, controlValues: {} }],
    }),
  ),
);
const triggerData = fc
  .record({
    kind: mostly(fc.constantFrom('trigger', 'broadcast'), fc.constant('other')),
    organizationId: id,
    environmentId: id,
    workflow,
    to: recipients,
    payload: mostly(
      record,
      fc.constant({ big: 'x'.repeat(512 * 1024) }),
      fc.constant({ fits: 'x'.repeat(512 * 1024 - 20) }),
    ),
    overrides: record,
    transactionId: id,
    actor: mostly(fc.constant(undefined), subscriber),
    tenant,
    context: mostly(fc.constant(undefined), record),
    attachments: mostly(fc.constant([]), fc.constant([buildAttachmentRefFixture()]), fc.constant(undefined)),
    requestedAt: mostly(
      fc.constant(new Date().toISOString()),
      fc.constantFrom('2026-01-01T00:00:00Z', 'yesterday', undefined),
    ),
    idempotencyKey: mostly(fc.constant(undefined), id),
    stray: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, fc.constant('x')),
  })
  // A broadcast names nobody: give it no recipients most of the time.
  .map((data) =>
    data.kind === 'broadcast' && Math.abs(String(data.transactionId).length % 3) !== 0 ? { ...data, to: [] } : data,
  )
  .map(
    (data) =>
      Object.fromEntries(
        Object.entries(data).filter(([key, value]) => key !== 'stray' || value !== undefined),
      ) as unknown as TriggerRequestedData,
  );

describe('isCertainlyValidTriggerData', () => {
  it('never vouches for data the contract refuses, and zod would return what it vouched for unchanged', () => {
    let vouched = 0;
    fc.assert(
      fc.property(triggerData, (data) => {
        const parsedWorkflow = workflowSnapshotSchema.parse(data.workflow);
        if (!isCertainlyValidTriggerData(data, parsedWorkflow)) return;
        vouched += 1;
        const parsed = triggerRequestedDataSchema.safeParse(data);
        expect(parsed.success).toBe(true);
        expect(parsed.success && parsed.data).toEqual({ ...data, workflow: parsedWorkflow });
      }),
      { numRuns: 2000 },
    );
    // The property means something only if the fast path is taken often enough.
    expect(vouched).toBeGreaterThan(50);
  });

  it('holds at every limit of the contract', () => {
    const workflow = buildWorkflowSnapshotFixture();
    const parsedWorkflow = workflowSnapshotSchema.parse(workflow);
    const base = (): TriggerRequestedData =>
      buildTriggerRequestedFixture({ workflow, to: [{ type: 'Subscriber', subscriberId: 'a' }] });
    const subscriberWith = (field: string, value: unknown) => ({
      to: [{ type: 'Subscriber', subscriberId: 'a', [field]: value }],
    });
    const limits: [string, number][] = [
      ['email', 320],
      ['phone', 64],
      ['firstName', 255],
      ['lastName', 255],
      ['avatar', 2048],
      ['locale', 35],
      ['timezone', 64],
      ['subscriberId', 255],
    ];
    const variants: Record<string, unknown>[] = [
      ...limits.flatMap(([field, max]) => [
        subscriberWith(field, 'x'.repeat(max)),
        subscriberWith(field, 'x'.repeat(max + 1)),
        subscriberWith(field, emoji.repeat(Math.ceil((max + 1) / 2))),
      ]),
      { to: [{ type: 'Topic', topicKey: 't', exclude: Array.from({ length: 1000 }, (_, i) => `s${i}`) }] },
      { to: [{ type: 'Topic', topicKey: 't', exclude: Array.from({ length: 1001 }, (_, i) => `s${i}`) }] },
      { to: [{ type: 'Topic', topicKey: 't', exclude: [''] }] },
      { tenant: { identifier: 'x'.repeat(256) } },
      { tenant: { identifier: 'a', name: 'x'.repeat(256) } },
      { transactionId: 'x'.repeat(255) },
      { transactionId: 'x'.repeat(256) },
      { idempotencyKey: 'x'.repeat(256) },
      { idempotencyKey: '' },
      { payload: new Date() },
      { payload: new Map() },
      { overrides: Object.create({ inherited: true }) },
      { overrides: { delay: { amount: 1e300, unit: 'days' } } },
      { overrides: { delay: { amount: 2, unit: 'hours' } } },
      { context: null },
      { attachments: undefined },
    ];
    for (const variant of variants) {
      const data = { ...base(), ...variant } as TriggerRequestedData;
      if (isCertainlyValidTriggerData(data, parsedWorkflow))
        expect(triggerRequestedDataSchema.safeParse(data)).toMatchObject({
          success: true,
          data: { ...data, workflow: parsedWorkflow },
        });
    }
  });

  it('vouches for what the trigger route builds from a string or subscriber recipient', () => {
    const workflow = buildWorkflowSnapshotFixture();
    const plain = buildTriggerRequestedFixture({
      workflow,
      to: [
        { type: 'Subscriber', subscriberId: 'ada' },
        { ...buildSubscriberRefFixture(), avatar: null },
        { type: 'Topic', topicKey: 'team', exclude: ['x'] },
      ],
      actor: { type: 'Subscriber', subscriberId: 'boss' },
      tenant: { identifier: 'acme', name: 'Acme', data: {} },
      context: { key: 'org' },
      idempotencyKey: 'key-1',
    });
    expect(isCertainlyValidTriggerData(plain, workflowSnapshotSchema.parse(workflow))).toBe(true);
  });
});

describe('TriggerMessageBuilder', () => {
  it('wraps valid data in an envelope of the contract', () => {
    const data = buildTriggerRequestedFixture();
    const message = new TriggerMessageBuilder().build(data);
    expect(message).toMatchObject({ type: 'trigger.requested.v1', environmentId: data.environmentId, data });
    expect(message.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves what it cannot vouch for to the contract, which refuses invalid data', () => {
    const builder = new TriggerMessageBuilder();
    expect(() => builder.build(buildTriggerRequestedFixture({ to: [] }))).toThrow(ContractViolationError);
    expect(() =>
      builder.build(buildTriggerRequestedFixture({ workflow: buildWorkflowSnapshotFixture({ name: '' }) })),
    ).toThrow(ContractViolationError);
    const withAttachment = buildTriggerRequestedFixture({ attachments: [buildAttachmentRefFixture()] });
    expect(builder.build(withAttachment).data.attachments).toEqual(withAttachment.attachments);
  });
});
