import { JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';
import { Client } from 'pg';

import { detailsOf, jobsOf } from './support/job.probe';
import { countRows, seedTopic } from './support/seed';
import { newTenant, steps, type TestTenant, triggerFor } from './support/trigger.fixtures';
import { WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;

describe('durable scheduler: delays, restarts, replicas, cancel', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_scheduler');
  });

  afterAll(() => harness.close());

  const db = () => harness.db;
  const stepStatuses = async (tenant: TestTenant, transactionId: string) =>
    (await jobsOf(db(), tenant.environmentId, transactionId)).map((job) => `${job.stepId}:${job.status}`);
  /** Makes a pending timer due now: the test's stand-in for time passing. */
  const fastForward = (jobIds: string[]) =>
    db().query('UPDATE trigger.timers SET run_at = now() WHERE subject_id = ANY($1::uuid[])', [jobIds]);

  it('holds a delay step DELAYED until its timer fires, then COMPLETED and the chain continues', async () => {
    await harness.start();
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.delay(1), steps.inApp()], ['delay-sub']);
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['delay:delayed', 'in-app:pending']),
    );
    const [delayJob] = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
    const [timer] = await db().query('SELECT kind, run_at FROM trigger.timers WHERE subject_id = $1', [delayJob.id]);
    expect(timer.kind).toBe('delay');

    await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['delay:completed', 'in-app:queued']);
    expect((await detailsOf(db(), tenant.environmentId, delayJob.id)).map((d) => d.status)).toEqual([
      S.DELAYED,
      S.COMPLETED,
    ]);
  });

  it('fires every pending timer once after the worker was stopped while they waited', async () => {
    const tenant = newTenant();
    const subscribers = Array.from({ length: 20 }, (_, i) => `restart-${i}`);
    const trigger = triggerFor(tenant, [steps.delay(1, 'minutes'), steps.inApp()], subscribers);
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await countRows(db(), 'jobs', tenant.environmentId, `status = 'delayed'`)).toBe(20),
    );
    for (const instance of [...harness.instances]) await instance.close();

    await harness.start();
    const ids = (await jobsOf(db(), tenant.environmentId, trigger.transactionId))
      .filter((job) => job.stepId === 'delay')
      .map((job) => job.id);
    await fastForward(ids);
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(20),
    );
    await expectEventually(async () => expect(await countRows(db(), 'timers', tenant.environmentId)).toBe(0));
    expect(await countRows(db(), 'execution_details', tenant.environmentId, `detail = 'Delay finished'`)).toBe(20);
    expect(
      new Set(
        harness.broker.dispatches
          .filter((d) => d.data.transactionId === trigger.transactionId)
          .map((d) => d.data.jobId),
      ).size,
    ).toBe(20);
  });

  it('recovers timers a poller claimed when it died mid-pass', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.delay(1, 'minutes'), steps.inApp()], ['abrupt-1', 'abrupt-2']);
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await countRows(db(), 'jobs', tenant.environmentId, `status = 'delayed'`)).toBe(2),
    );
    const ids = (await jobsOf(db(), tenant.environmentId, trigger.transactionId))
      .filter((job) => job.stepId === 'delay')
      .map((job) => job.id);
    // A "poller" of our own claims the timers and dies before committing (its backend is killed).
    const dying = new Client({ connectionString: harness.database.url });
    dying.on('error', () => undefined);
    await dying.connect();
    await dying.query('BEGIN');
    await dying.query('SELECT id FROM trigger.timers WHERE subject_id = ANY($1::uuid[]) FOR UPDATE', [ids]);
    const [{ pid }] = (await dying.query('SELECT pg_backend_pid() AS pid')).rows;
    await db().query('SELECT pg_terminate_backend($1)', [pid]);
    await dying.end().catch(() => undefined);
    await fastForward(ids);
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(2),
    );
    expect(await countRows(db(), 'execution_details', tenant.environmentId, `detail = 'Delay finished'`)).toBe(2);
  });

  it('lets several replicas poll side by side without firing a timer twice', async () => {
    await harness.start();
    expect(harness.instances).toHaveLength(2);
    const tenant = newTenant();
    const subscribers = Array.from({ length: 60 }, (_, i) => `replica-${i}`);
    const trigger = triggerFor(tenant, [steps.delay(1, 'minutes'), steps.inApp()], subscribers);
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await countRows(db(), 'jobs', tenant.environmentId, `status = 'delayed'`)).toBe(60),
    );
    const ids = (await jobsOf(db(), tenant.environmentId, trigger.transactionId))
      .filter((job) => job.stepId === 'delay')
      .map((job) => job.id);
    await fastForward(ids);
    await expectEventually(async () =>
      expect(await countRows(db(), 'jobs', tenant.environmentId, `status = 'queued'`)).toBe(60),
    );
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(60),
    );
    expect(await countRows(db(), 'execution_details', tenant.environmentId, `detail = 'Delay finished'`)).toBe(60);
  });

  it('resumes a fan-out a stopped worker left half-way', async () => {
    for (const instance of [...harness.instances]) await instance.close();
    const firstPageOnly = await harness.start({ settings: { schedulerEnabled: false, fanoutBatchSize: 10 } });
    const tenant = newTenant();
    const members = Array.from({ length: 35 }, (_, i) => `fan-${String(i).padStart(2, '0')}`);
    await seedTopic(firstPageOnly.dataSource, tenant, 'crowd', members);
    const trigger = triggerFor(tenant, [steps.inApp()], [], { to: [{ type: 'Topic', topicKey: 'crowd' }] });
    await harness.broker.trigger(trigger);
    await expectEventually(async () => expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(10));
    await firstPageOnly.close();

    await harness.start({ settings: { fanoutBatchSize: 10 } });
    await expectEventually(async () => expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(35));
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(35),
    );
    const [event] = await db().query('SELECT fanout_status FROM trigger.events WHERE environment_id = $1', [
      tenant.environmentId,
    ]);
    expect(event.fanout_status).toBe('done');
  });

  it('stops a fan-out that is still under way when its transaction is canceled', async () => {
    for (const instance of [...harness.instances]) await instance.close();
    const firstPageOnly = await harness.start({ settings: { schedulerEnabled: false, fanoutBatchSize: 10 } });
    const tenant = newTenant();
    await seedTopic(
      firstPageOnly.dataSource,
      tenant,
      'crowd',
      Array.from({ length: 25 }, (_, i) => `stop-${String(i).padStart(2, '0')}`),
    );
    const trigger = triggerFor(tenant, [steps.inApp()], [], { to: [{ type: 'Topic', topicKey: 'crowd' }] });
    await harness.broker.trigger(trigger);
    await expectEventually(async () => expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(10));
    expect(await harness.broker.cancel(tenant.environmentId, trigger.transactionId)).toEqual({
      canceled: true,
      canceledJobs: 0,
    });
    await firstPageOnly.close();
    await harness.start();
    await expectEventually(async () => expect(await countRows(db(), 'timers', tenant.environmentId)).toBe(0));
    expect(await countRows(db(), 'notifications', tenant.environmentId)).toBe(10);
  });

  it('cancels a transaction during a delay: waiting jobs CANCELED, the timer fires into nothing', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.delay(1, 'minutes'), steps.email()], ['cancel-sub']);
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['delay:delayed', 'email:pending']),
    );
    expect(await harness.broker.cancel(tenant.environmentId, trigger.transactionId)).toEqual({
      canceled: true,
      canceledJobs: 2,
    });
    expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['delay:canceled', 'email:canceled']);
    expect(await harness.broker.cancel(tenant.environmentId, trigger.transactionId)).toEqual({
      canceled: false,
      canceledJobs: 0,
    });

    const [delayJob] = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
    await fastForward([delayJob.id]);
    await expectEventually(async () => expect(await countRows(db(), 'timers', tenant.environmentId)).toBe(0));
    expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['delay:canceled', 'email:canceled']);
    expect(harness.broker.dispatches.filter((d) => d.data.transactionId === trigger.transactionId)).toHaveLength(0);
  });

  it('leaves QUEUED and RUNNING jobs to finish when canceled', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.email(), steps.sms()], ['queued-sub']);
    await harness.broker.trigger(trigger);
    await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);
    expect(await harness.broker.cancel(tenant.environmentId, trigger.transactionId)).toEqual({
      canceled: true,
      canceledJobs: 1,
    });
    expect(await stepStatuses(tenant, trigger.transactionId)).toEqual(['email:queued', 'sms:canceled']);
    expect(await harness.broker.cancel(newTenant().environmentId, trigger.transactionId)).toEqual({
      canceled: false,
      canceledJobs: 0,
    });
  });
});
