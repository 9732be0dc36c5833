import { randomUUID } from 'node:crypto';

import {
  buildAttachmentRefFixture,
  computeDeliveryKey,
  createContractMessage,
  JobStatus,
  TRIGGER_REQUESTED_V1,
} from '@herald/contracts';
import { TransactionRunner } from '@herald/persistence';
import { expectEventually } from '@herald/testing';

import { ProcessTriggerUseCase } from '../src/intake/process-trigger.usecase';
import { jobsOf } from './support/job.probe';
import { countRows, seedTopic } from './support/seed';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

describe('processing trigger.requested.v1', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_trigger');
    await harness.start({ settings: { fanoutBatchSize: 7 } });
  });

  afterAll(() => harness.close());

  const db = () => harness.db;

  it('creates a notification per subscriber and a PENDING chain per notification; the first job is QUEUED and dispatched with what a runner needs', async () => {
    const tenant = newTenant();
    const attachment = buildAttachmentRefFixture();
    const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], [], {
      to: [
        {
          type: 'Subscriber',
          subscriberId: 'ada',
          email: 'ada@example.com',
          firstName: 'Ada',
          timezone: 'Europe/London',
          data: { plan: 'pro' },
          channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['t1'] } }],
        },
        { type: 'Subscriber', subscriberId: 'grace' },
      ],
      actor: { type: 'Subscriber', subscriberId: 'boss', firstName: 'Boss' },
      tenant: { identifier: 'acme', name: 'Acme' },
      overrides: { email: { replyTo: 'x@example.com' } },
      attachments: [attachment],
    });
    await harness.broker.trigger(trigger);

    const dispatch = await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === 'ada',
    );
    expect(dispatch).toMatchObject({
      attempt: 1,
      environmentId: tenant.environmentId,
      organizationId: tenant.organizationId,
      step: { stepId: 'in-app', type: 'in_app', controlValues: { body: 'Hello' } },
      subscriber: {
        subscriberId: 'ada',
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: null,
        timezone: 'Europe/London',
        data: { plan: 'pro' },
        channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['t1'] } }],
      },
      payload: trigger.payload,
      overrides: trigger.overrides,
      actor: { subscriberId: 'boss', firstName: 'Boss' },
      tenant: { identifier: 'acme', name: 'Acme' },
      attachments: [attachment],
      workflow: { id: trigger.workflow.id, identifier: trigger.workflow.identifier, version: 1 },
    });
    expect(dispatch.deliveryKey).toBe(
      computeDeliveryKey({
        environmentId: tenant.environmentId,
        transactionId: trigger.transactionId,
        subscriberId: 'ada',
        stepId: 'in-app',
      }),
    );
    await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === 'grace',
    );

    const jobs = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
    expect(jobs.map((job) => [job.subscriberId, job.stepId, job.status])).toEqual([
      ['ada', 'in-app', JobStatus.QUEUED],
      ['ada', 'email', JobStatus.PENDING],
      ['grace', 'in-app', JobStatus.QUEUED],
      ['grace', 'email', JobStatus.PENDING],
    ]);
    const notifications = await db().query(
      'SELECT subscriber_id, channels, workflow_version FROM trigger.notifications WHERE environment_id = $1 ORDER BY subscriber_id',
      [tenant.environmentId],
    );
    expect(notifications).toEqual([
      { subscriber_id: 'ada', channels: ['in_app', 'email'], workflow_version: 1 },
      { subscriber_id: 'grace', channels: ['in_app', 'email'], workflow_version: 1 },
    ]);
    // The payload is stored once per trigger; the actor was upserted but receives nothing.
    expect(await countRows(db(), 'events', tenant.environmentId)).toBe(1);
    expect(await countRows(db(), 'subscribers', tenant.environmentId)).toBe(3);
    expect(await countRows(db(), 'notifications', tenant.environmentId, "subscriber_id = 'boss'")).toBe(0);
    const [detail] = await db().query(
      'SELECT status, detail FROM trigger.execution_details WHERE environment_id = $1 AND job_id = $2',
      [tenant.environmentId, dispatch.jobId],
    );
    expect(detail).toEqual({ status: JobStatus.QUEUED, detail: expect.stringContaining('Queued') });
  });

  it('upserts subscribers: given fields overwrite, null clears, absent fields stay', async () => {
    const tenant = newTenant();
    const first = triggerFor(tenant, [steps.inApp()], [], {
      to: [{ type: 'Subscriber', subscriberId: 'lin', email: 'lin@example.com', phone: '+1555', locale: 'en' }],
    });
    await harness.broker.trigger(first);
    await harness.broker.waitForDispatch((data) => data.transactionId === first.transactionId);
    const second = triggerFor(tenant, [steps.inApp()], [], {
      to: [{ type: 'Subscriber', subscriberId: 'lin', email: 'new@example.com', phone: null, lastName: 'Lin' }],
    });
    await harness.broker.trigger(second);
    const dispatch = await harness.broker.waitForDispatch((data) => data.transactionId === second.transactionId);
    expect(dispatch.subscriber).toMatchObject({ email: 'new@example.com', phone: null, locale: 'en', lastName: 'Lin' });
  });

  it('de-duplicates a used transactionId per environment: nothing is created, the duplicate is recorded', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.inApp()], ['dup-a']);
    await harness.broker.trigger(trigger);
    await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    await harness.broker.trigger({ ...trigger, to: [{ type: 'Subscriber', subscriberId: 'dup-b' }] });
    await expectEventually(async () =>
      expect(
        await countRows(db(), 'event_duplicates', tenant.environmentId, 'transaction_id = $2', [trigger.transactionId]),
      ).toBe(1),
    );
    expect(await countRows(db(), 'subscribers', tenant.environmentId, "subscriber_id = 'dup-b'")).toBe(0);
    expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(1);
    const [event] = await db().query(
      'SELECT duplicates FROM trigger.events WHERE environment_id = $1 AND transaction_id = $2',
      [tenant.environmentId, trigger.transactionId],
    );
    expect(event.duplicates).toBe(1);

    // The same transactionId in another environment is a different trigger.
    const other = newTenant();
    await harness.broker.trigger({ ...trigger, ...other });
    await harness.broker.waitForDispatch((data) => data.environmentId === other.environmentId);
  });

  it('writes a batch of triggers set-based with the outcome of one by one: duplicates, subscriber fields in order, topics between', async () => {
    const tenant = newTenant();
    await seedTopic(db(), tenant, 'burst-topic', ['burst-t1', 'burst-t2']);
    const bare = (subscriberId: string) => ({ type: 'Subscriber' as const, subscriberId });
    const burst = [
      ...Array.from({ length: 6 }, (_, n) => triggerFor(tenant, [steps.inApp()], [`burst-${n}`])),
      triggerFor(tenant, [steps.inApp()], [], { to: [{ ...bare('burst-x'), email: 'first@example.com' }] }),
      triggerFor(tenant, [steps.inApp()], [], {
        to: [{ ...bare('burst-x'), email: 'second@example.com' }, bare('burst-0')],
      }),
      triggerFor(tenant, [steps.inApp()], [], { to: [{ type: 'Topic', topicKey: 'burst-topic' }] }),
      triggerFor(tenant, [steps.inApp()], ['burst-x']),
    ];
    const duplicate = { ...burst[1], to: [bare('burst-dup')] };
    // One batch, one transaction, as the consumer runs it (batches in flight at once may commit in any order).
    const { app } = harness.instances[0];
    const envelopes = [...burst, duplicate].map((data) => createContractMessage(TRIGGER_REQUESTED_V1, data));
    await app.get(TransactionRunner).run((tx) => app.get(ProcessTriggerUseCase).executeMany(tx, envelopes));

    const emailOf = async (transactionId: string) =>
      (
        await harness.broker.waitForDispatch(
          (data) => data.transactionId === transactionId && data.subscriber.subscriberId === 'burst-x',
        )
      ).subscriber.email;
    expect(await emailOf(burst[6].transactionId)).toBe('first@example.com');
    expect(await emailOf(burst[7].transactionId)).toBe('second@example.com');
    expect(await emailOf(burst[9].transactionId)).toBe('second@example.com');
    expect(await countRows(db(), 'events', tenant.environmentId)).toBe(burst.length);
    // 6 + 1 + 2 + 2 (topic) + 1; the duplicate created nothing.
    expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(12);
    expect(
      await countRows(db(), 'event_duplicates', tenant.environmentId, 'transaction_id = $2', [burst[1].transactionId]),
    ).toBe(1);
    expect(await countRows(db(), 'subscribers', tenant.environmentId, "subscriber_id = 'burst-dup'")).toBe(0);
    // Every first job was started and dispatched (nothing plays a runner here).
    expect(await countRows(db(), 'jobs', tenant.environmentId, "status <> 'queued'")).toBe(0);
  });

  it('shares transactions between triggers published back to back', async () => {
    const tenant = newTenant();
    const burst = Array.from({ length: 10 }, (_, n) => triggerFor(tenant, [steps.inApp()], [`shared-${n}`]));
    await Promise.all(burst.map((data) => harness.broker.trigger(data)));
    await expectEventually(async () =>
      expect(await countRows(db(), 'events', tenant.environmentId)).toBe(burst.length),
    );
    const [{ transactions }] = await db().query(
      'SELECT count(DISTINCT xmin::text)::int AS transactions FROM trigger.events WHERE environment_id = $1',
      [tenant.environmentId],
    );
    expect(transactions).toBeLessThan(burst.length);
  });

  it('processes a redelivered message once (by its event row, no ledger), without calling it a duplicate', async () => {
    const tenant = newTenant();
    const message = createContractMessage(TRIGGER_REQUESTED_V1, triggerFor(tenant, [steps.inApp()], ['redelivered']));
    const acked = await ackedCount(harness.instances[0], 'trigger-requested');
    await harness.broker.client.publisher.publish(message);
    await harness.broker.client.publisher.publish(message);
    await harness.broker.waitForDispatch((data) => data.environmentId === tenant.environmentId);
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'trigger-requested')).toBeGreaterThanOrEqual(acked + 2),
    );
    const [row] = await db().query(
      `SELECT (SELECT count(*) FROM trigger.events WHERE message_id = $1)::int AS events,
              (SELECT count(*) FROM trigger.processed_messages WHERE message_id = $1)::int AS ledger`,
      [message.id],
    );
    expect(row).toEqual({ events: 1, ledger: 0 });
    expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(1);
    expect(await countRows(db(), 'event_duplicates', tenant.environmentId)).toBe(0);
    // Dispatched after the commit, not through the outbox; the redelivery publishes the job's dispatch
    // again (its first publication may not have been confirmed before a crash), the same job and attempt.
    const [job] = await db().query('SELECT id FROM trigger.jobs WHERE environment_id = $1', [tenant.environmentId]);
    await expectEventually(async () => expect(harness.broker.dispatchesOf(job.id)).toHaveLength(2));
    expect(harness.broker.dispatchesOf(job.id).map((dispatch) => dispatch.attempt)).toEqual([1, 1]);
    const [{ outboxed }] = await db().query(
      `SELECT count(*)::int AS outboxed FROM trigger.outbox WHERE envelope->'data'->>'jobId' = $1`,
      [job.id],
    );
    expect(outboxed).toBe(0);
  });

  it('records a duplicate transactionId once however often its message is delivered', async () => {
    const tenant = newTenant();
    const first = triggerFor(tenant, [steps.inApp()], ['dup-once']);
    await harness.broker.client.publisher.publish(createContractMessage(TRIGGER_REQUESTED_V1, first));
    await harness.broker.waitForDispatch((data) => data.environmentId === tenant.environmentId);
    const duplicate = createContractMessage(TRIGGER_REQUESTED_V1, first);
    const acked = await ackedCount(harness.instances[0], 'trigger-requested');
    await harness.broker.client.publisher.publish(duplicate);
    await harness.broker.client.publisher.publish(duplicate);
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'trigger-requested')).toBeGreaterThanOrEqual(acked + 2),
    );
    expect(await countRows(db(), 'event_duplicates', tenant.environmentId)).toBe(1);
    const [event] = await db().query('SELECT duplicates FROM trigger.events WHERE environment_id = $1', [
      tenant.environmentId,
    ]);
    expect(event.duplicates).toBe(1);
    expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(1);
  });

  it('fans out topics in keyset pages: excludes listed ids and the actor, one notification per subscriber across recipients', async () => {
    const tenant = newTenant();
    const members = Array.from({ length: 23 }, (_, i) => `member-${String(i).padStart(2, '0')}`);
    await seedTopic(db(), tenant, 'team', members);
    await seedTopic(db(), tenant, 'leads', ['member-00', 'member-01', 'lead-x']);
    const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], [], {
      to: [
        { type: 'Topic', topicKey: 'team', exclude: ['member-05'] },
        { type: 'Topic', topicKey: 'leads' },
        { type: 'Subscriber', subscriberId: 'member-02' },
      ],
      actor: { type: 'Subscriber', subscriberId: 'member-07' },
    });
    await harness.broker.trigger(trigger);
    const expected = [...members.filter((id) => id !== 'member-05' && id !== 'member-07'), 'lead-x'].sort();
    await expectEventually(async () => {
      const rows: { subscriber_id: string }[] = await db().query(
        'SELECT subscriber_id FROM trigger.notifications WHERE environment_id = $1 ORDER BY subscriber_id',
        [tenant.environmentId],
      );
      expect(rows.map((row) => row.subscriber_id)).toEqual(expected);
    });
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(
        expected.length,
      ),
    );
    const [event] = await db().query('SELECT fanout_status FROM trigger.events WHERE environment_id = $1', [
      tenant.environmentId,
    ]);
    expect(event.fanout_status).toBe('done');
  });

  it('broadcasts to every subscriber of the environment but the actor, and to no other environment', async () => {
    const tenant = newTenant();
    const other = newTenant();
    await seedTopic(
      db(),
      tenant,
      'all',
      Array.from({ length: 15 }, (_, i) => `b-${i}`),
    );
    await seedTopic(db(), other, 'all', ['elsewhere']);
    const trigger = triggerFor(tenant, [steps.inApp()], [], {
      kind: 'broadcast',
      to: [],
      actor: { type: 'Subscriber', subscriberId: 'b-3' },
    });
    await harness.broker.trigger(trigger);
    await expectEventually(async () => expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(14));
    expect(await countRows(db(), 'notifications', other.environmentId)).toBe(0);
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(14),
    );
  });

  it('dead-letters a message that breaks the contract', async () => {
    const tenant = newTenant();
    const invalid = {
      ...createContractMessage(TRIGGER_REQUESTED_V1, triggerFor(tenant, [steps.inApp()], ['x'])),
      id: randomUUID(),
    };
    (invalid.data as { to: unknown[] }).to = [];
    const dead = `${harness.instances[0].messaging.names.workQueue('trigger-worker', 'trigger-requested')}.dead`;
    const before = await harness.broker.depth(dead);
    await harness.broker.client.publisher.publish(invalid);
    await expectEventually(async () => expect(await harness.broker.depth(dead)).toBe(before + 1));
    expect(await countRows(db(), 'events', tenant.environmentId)).toBe(0);
  });
});
