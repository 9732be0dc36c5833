import { randomUUID } from 'node:crypto';

import { type JobDispatchData, JobStatus } from '@herald/contracts';
import { TransactionRunner } from '@herald/persistence';
import { expectEventually } from '@herald/testing';

import { ApplyJobStatusUseCase } from '../src/status/apply-job-status.usecase';
import { detailsOf, jobsOf } from './support/job.probe';
import { buildJobStatus } from './support/job-status.publisher';
import { countRows, seedPreference } from './support/seed';
import { newTenant, steps, type TestTenant, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;

describe('job lifecycle driven by job.status-changed.v1', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_lifecycle');
    await harness.start();
  });

  afterAll(() => harness.close());

  const db = () => harness.db;
  const statuses = async (tenant: TestTenant, transactionId: string) =>
    (await jobsOf(db(), tenant.environmentId, transactionId)).map(
      (job) => `${job.stepId}:${job.status}:${job.attempt}`,
    );
  const dispatchOf = (transactionId: string, stepId: string, attempt = 1) =>
    harness.broker.waitForDispatch(
      (data) => data.transactionId === transactionId && data.step.stepId === stepId && data.attempt === attempt,
    );
  /** Publishes reports and waits until the worker has acked them all. */
  async function report(
    dispatch: JobDispatchData,
    ...list: Parameters<typeof harness.broker.jobStatus>[1][]
  ): Promise<void> {
    const before = await ackedCount(harness.instances[0], 'job-status');
    for (const input of list) await harness.broker.jobStatus(dispatch, input);
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'job-status')).toBeGreaterThanOrEqual(before + list.length),
    );
  }

  it('runs a chain: RUNNING then COMPLETED queues and dispatches the next job; every change is an execution detail', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], ['chain-sub']);
    await harness.broker.trigger(trigger);
    const inApp = await dispatchOf(trigger.transactionId, 'in-app');
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['in-app:queued:1', 'email:pending:1']);

    await report(inApp, { status: S.RUNNING });
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['in-app:running:1', 'email:pending:1']);
    await report(inApp, { status: S.COMPLETED, detail: 'Inbox message created' });
    const email = await dispatchOf(trigger.transactionId, 'email');
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['in-app:completed:1', 'email:queued:1']);
    await report(email, { status: S.RUNNING }, { status: S.COMPLETED });
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['in-app:completed:1', 'email:completed:1']);

    expect((await detailsOf(db(), tenant.environmentId, inApp.jobId)).map((d) => [d.status, d.detail])).toEqual([
      [S.QUEUED, expect.stringContaining('Queued')],
      [S.RUNNING, 'Runner reports running'],
      [S.COMPLETED, 'Inbox message created'],
    ]);
    expect(
      await countRows(db(), 'messages', tenant.environmentId, 'transaction_id = $2', [trigger.transactionId]),
    ).toBe(2);
  });

  it('applies reports set-based as one by one: a job reported twice in a batch moves in order, every chain moves on', async () => {
    const tenant = newTenant();
    const subscribers = Array.from({ length: 8 }, (_, n) => `burst-${n}`);
    const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], subscribers);
    await harness.broker.trigger(trigger);
    const inApps = await Promise.all(
      subscribers.map((id) =>
        harness.broker.waitForDispatch(
          (data) => data.transactionId === trigger.transactionId && data.subscriber.subscriberId === id,
        ),
      ),
    );
    const emailOf = (id: string) =>
      harness.broker.waitForDispatch(
        (data) =>
          data.transactionId === trigger.transactionId &&
          data.step.stepId === 'email' &&
          data.subscriber.subscriberId === id,
      );

    // RUNNING and COMPLETED of one job in one batch: two rounds, in order.
    const [first, ...rest] = inApps;
    const { app } = harness.instances[0];
    const reports = [buildJobStatus(first, { status: S.RUNNING }), buildJobStatus(first, { status: S.COMPLETED })];
    await app.get(TransactionRunner).run((tx) => app.get(ApplyJobStatusUseCase).executeMany(tx, reports));
    expect((await detailsOf(db(), tenant.environmentId, first.jobId)).map((d) => d.status)).toEqual([
      S.QUEUED,
      S.RUNNING,
      S.COMPLETED,
    ]);
    await emailOf(first.subscriber.subscriberId);

    // Through the broker, back to back: reports share batches (two in flight, 0024). A RUNNING that lands in a
    // batch committing after its COMPLETED is late and changes nothing; a job never moves backwards.
    await Promise.all(
      rest.flatMap((dispatch) => [
        harness.broker.jobStatus(dispatch, { status: S.RUNNING }),
        harness.broker.jobStatus(dispatch, { status: S.COMPLETED }),
      ]),
    );
    const emails = await Promise.all(subscribers.map(emailOf));
    await Promise.all(
      [...emails, emails[0]].map((dispatch) => harness.broker.jobStatus(dispatch, { status: S.COMPLETED })),
    );

    await expectEventually(async () =>
      expect(new Set(await statuses(tenant, trigger.transactionId))).toEqual(
        new Set(['in-app:completed:1', 'email:completed:1']),
      ),
    );
    for (const dispatch of rest) {
      expect([
        [S.QUEUED, S.RUNNING, S.COMPLETED],
        [S.QUEUED, S.COMPLETED],
      ]).toContainEqual((await detailsOf(db(), tenant.environmentId, dispatch.jobId)).map((d) => d.status));
    }
    expect((await detailsOf(db(), tenant.environmentId, emails[0].jobId)).map((d) => d.status)).toEqual([
      S.QUEUED,
      S.COMPLETED,
    ]);
    await expectEventually(async () =>
      expect(
        await countRows(db(), 'messages', tenant.environmentId, 'transaction_id = $2', [trigger.transactionId]),
      ).toBe(16),
    );
  });

  it('retries a retryable failure with back-off (same delivery key, next attempt) until FAILED, then the chain continues', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.email(), steps.sms()], ['retry-sub']);
    await harness.broker.trigger(trigger);
    const first = await dispatchOf(trigger.transactionId, 'email', 1);
    await report(first, { status: S.RUNNING }, { status: S.FAILED });
    const second = await dispatchOf(trigger.transactionId, 'email', 2);
    expect(second.deliveryKey).toBe(first.deliveryKey);
    expect(second.jobId).toBe(first.jobId);
    await report(second, { status: S.FAILED });
    const third = await dispatchOf(trigger.transactionId, 'email', 3);
    await report(third, { status: S.RUNNING }, { status: S.FAILED });
    await dispatchOf(trigger.transactionId, 'sms', 1);
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['email:failed:3', 'sms:queued:1']);
    expect(harness.broker.dispatchesOf(first.jobId)).toHaveLength(3);

    const details = await detailsOf(db(), tenant.environmentId, first.jobId);
    expect(details.filter((d) => d.detail.includes('retrying as attempt')).map((d) => d.attempt)).toEqual([2, 3]);
    expect(details.filter((d) => d.detail.startsWith('Retry: attempt')).map((d) => d.attempt)).toEqual([2, 3]);
    expect(details[details.length - 1]).toMatchObject({
      status: S.FAILED,
      attempt: 3,
      detail: expect.stringContaining('giving up after 3 attempts'),
    });
  });

  it('fails at once on a permanent error, and a step with stopOnFail cancels the rest of the chain', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(
      tenant,
      [steps.email('email', { stopOnFail: true }), steps.sms(), steps.inApp()],
      ['stop-sub'],
    );
    await harness.broker.trigger(trigger);
    const email = await dispatchOf(trigger.transactionId, 'email');
    await report(email, {
      status: S.FAILED,
      error: { code: 'invalid_recipient', message: 'no such mailbox', retryable: false },
    });
    expect(await statuses(tenant, trigger.transactionId)).toEqual([
      'email:failed:1',
      'sms:canceled:1',
      'in-app:canceled:1',
    ]);
  });

  it('never moves a job backwards on late, duplicated or stale reports', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.email()], ['late-sub']);
    await harness.broker.trigger(trigger);
    const first = await dispatchOf(trigger.transactionId, 'email', 1);
    await report(first, { status: S.FAILED });
    const second = await dispatchOf(trigger.transactionId, 'email', 2);
    // A duplicate of attempt 1's failure and attempt 1's late RUNNING are stale now.
    await report(first, { status: S.FAILED }, { status: S.RUNNING });
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['email:queued:2']);
    await report(second, { status: S.COMPLETED });
    // Handlers run concurrently, so the late ones go after the outcome was applied.
    await report(second, { status: S.RUNNING }, { status: S.COMPLETED }, { status: S.FAILED });
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['email:completed:2']);
    expect(harness.broker.dispatchesOf(first.jobId)).toHaveLength(2);
  });

  it('records a runner CANCELED with its reason and moves on', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.sms(), steps.inApp()], ['nophone-sub']);
    await harness.broker.trigger(trigger);
    const sms = await dispatchOf(trigger.transactionId, 'sms');
    await report(sms, { status: S.CANCELED, detail: 'Subscriber has no phone number' });
    await dispatchOf(trigger.transactionId, 'in-app');
    const details = await detailsOf(db(), tenant.environmentId, sms.jobId);
    expect(details[details.length - 1]).toMatchObject({ status: S.CANCELED, detail: 'Subscriber has no phone number' });
  });

  it('cancels steps filtered by preferences or by their skip condition, with the reason, and runs the rest', async () => {
    const tenant = newTenant();
    await seedPreference(db(), tenant, 'pref-sub', '', { email: false });
    const trigger = triggerFor(
      tenant,
      [steps.email(), steps.sms('sms', { skip: { '==': [{ var: 'payload.name' }, 'Ada'] } }), steps.inApp()],
      ['pref-sub'],
    );
    await harness.broker.trigger(trigger);
    await dispatchOf(trigger.transactionId, 'in-app');
    const jobs = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
    expect(jobs.map((job) => `${job.stepId}:${job.status}`)).toEqual([
      'email:canceled',
      'sms:canceled',
      'in-app:queued',
    ]);
    expect((await detailsOf(db(), tenant.environmentId, jobs[0].id))[0].detail).toContain('turned off email');
    expect((await detailsOf(db(), tenant.environmentId, jobs[1].id))[0].detail).toContain('skip condition');

    const critical = triggerFor(tenant, [steps.email()], ['pref-sub'], {
      workflow: { ...trigger.workflow, steps: [steps.email()], critical: true },
    });
    await harness.broker.trigger(critical);
    await dispatchOf(critical.transactionId, 'email');
  });

  it('ignores a report for a job it does not know', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.email()], ['known']);
    await harness.broker.trigger(trigger);
    const dispatch = await dispatchOf(trigger.transactionId, 'email');
    await report({ ...dispatch, jobId: randomUUID() }, { status: S.COMPLETED });
    expect(await statuses(tenant, trigger.transactionId)).toEqual(['email:queued:1']);
  });
});
