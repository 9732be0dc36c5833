import { type JobDispatchData, JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import { detailsOf } from './support/job.probe';
import { newTenant, steps, type TestTenant, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;
const CAP = 3;

/** Decision 0032: at most CAP dispatched, unfinished jobs per environment and channel; the rest held. */
describe('fair dispatch between environments', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_fair_dispatch');
    // A long back-off: the retry case moves its timer instead of racing it.
    await harness.start({
      settings: { dispatchInFlightPerEnvironment: CAP, retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 },
    });
  });

  afterAll(() => harness.close());

  const db = () => harness.db;
  const dispatchesOf = (tenant: TestTenant) =>
    harness.broker.dispatches.map(({ data }) => data).filter((data) => data.environmentId === tenant.environmentId);
  const dispatchState = async (tenant: TestTenant) =>
    (
      await db().query<{ status: string; dispatch: string | null; n: number }[]>(
        `SELECT status, dispatch, count(*)::int AS n FROM trigger.jobs WHERE environment_id = $1
         GROUP BY status, dispatch ORDER BY status, dispatch NULLS FIRST`,
        [tenant.environmentId],
      )
    ).map((row) => `${row.status}/${row.dispatch ?? '-'}:${row.n}`);
  /** Plays the runner's reports and waits until the worker has acked them. */
  async function report(dispatches: JobDispatchData[], status: JobStatus): Promise<void> {
    const before = await ackedCount(harness.instances[0], 'job-status');
    for (const dispatch of dispatches) await harness.broker.jobStatus(dispatch, { status });
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'job-status')).toBeGreaterThanOrEqual(before + dispatches.length),
    );
  }
  const subscribers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it('holds a busy environment beyond its cap, dispatches another environment at once, releases as jobs finish', async () => {
    const busy = newTenant();
    const quiet = newTenant();
    await harness.broker.trigger(triggerFor(busy, [steps.inApp()], subscribers('busy', 10)));
    await expectEventually(async () => expect(await dispatchState(busy)).toEqual(['queued/held:7', 'queued/sent:3']));
    expect(dispatchesOf(busy)).toHaveLength(CAP);

    const single = triggerFor(quiet, [steps.inApp()], ['quiet-0']);
    await harness.broker.trigger(single);
    await harness.broker.waitForDispatch((data) => data.transactionId === single.transactionId);
    // The quiet environment went out while the busy one still held 7, and the busy one got no more.
    expect(await dispatchState(busy)).toEqual(['queued/held:7', 'queued/sent:3']);
    expect(dispatchesOf(busy)).toHaveLength(CAP);

    // Each finished job makes room for one held job, never more than CAP in flight.
    const completed = new Set<string>();
    while (completed.size < 10) {
      const open = dispatchesOf(busy).filter((data) => !completed.has(data.jobId));
      expect(open.length).toBeLessThanOrEqual(CAP);
      await report(open.slice(0, 2), S.RUNNING);
      await report(open.slice(0, 2), S.COMPLETED);
      for (const data of open.slice(0, 2)) completed.add(data.jobId);
      const expected = Math.min(10, completed.size + CAP);
      await expectEventually(() => expect(dispatchesOf(busy)).toHaveLength(expected));
    }
    // Nothing lost, nothing doubled.
    expect(new Set(dispatchesOf(busy).map((data) => data.subscriber.subscriberId)).size).toBe(10);
    expect(await dispatchState(busy)).toEqual(['completed/-:10']);
    const released = dispatchesOf(busy)[CAP];
    expect((await detailsOf(db(), busy.environmentId, released.jobId)).map((d) => d.status)).toEqual([
      S.QUEUED,
      S.QUEUED,
      S.RUNNING,
      S.COMPLETED,
    ]);
  });

  it('cancels held jobs; dispatched ones finish', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.inApp(), steps.email()], subscribers('cancel', 5));
    await harness.broker.trigger(trigger);
    await expectEventually(async () =>
      expect(await dispatchState(tenant)).toEqual(['pending/-:5', 'queued/held:2', 'queued/sent:3']),
    );

    const result = await harness.broker.cancel(tenant.environmentId, trigger.transactionId);
    // The two held in-app jobs and all five pending email jobs.
    expect(result).toEqual({ canceled: true, canceledJobs: 7 });
    expect(await dispatchState(tenant)).toEqual(['canceled/-:7', 'queued/sent:3']);

    await report(dispatchesOf(tenant), S.COMPLETED);
    expect(await dispatchState(tenant)).toEqual(['canceled/-:7', 'completed/-:3']);
    expect(dispatchesOf(tenant)).toHaveLength(CAP);
  });

  it('sends a retry through the same cap: held while the environment is full, released when a job finishes', async () => {
    const tenant = newTenant();
    await harness.broker.trigger(triggerFor(tenant, [steps.inApp()], subscribers('retry', 4)));
    await expectEventually(() => expect(dispatchesOf(tenant)).toHaveLength(CAP));
    const [failing, ...others] = dispatchesOf(tenant);

    // The failure frees its slot: the held fourth job takes it.
    await report([failing], S.FAILED);
    await expectEventually(() => expect(dispatchesOf(tenant)).toHaveLength(CAP + 1));
    expect(await dispatchState(tenant)).toEqual(['queued/-:1', 'queued/sent:3']);

    await db().query(`UPDATE trigger.timers SET run_at = now() WHERE subject_id = $1 AND kind = 'retry'`, [
      failing.jobId,
    ]);
    await expectEventually(async () => expect(await dispatchState(tenant)).toEqual(['queued/held:1', 'queued/sent:3']));
    expect((await detailsOf(db(), tenant.environmentId, failing.jobId)).map((d) => d.detail)).toContain(
      'Retry: attempt 2 held until the environment has room',
    );

    await report([others[0]], S.COMPLETED);
    const retried = await harness.broker.waitForDispatch((data) => data.jobId === failing.jobId && data.attempt === 2);
    expect(retried.deliveryKey).toBe(failing.deliveryKey);
    expect(harness.broker.dispatchesOf(failing.jobId).map((data) => data.attempt)).toEqual([1, 2]);
  });

  it('releases held jobs from the sweep when no status event makes room', async () => {
    const tenant = newTenant();
    await harness.broker.trigger(triggerFor(tenant, [steps.inApp()], subscribers('sweep', 5)));
    await expectEventually(async () => expect(await dispatchState(tenant)).toEqual(['queued/held:2', 'queued/sent:3']));
    await expectEventually(() => expect(dispatchesOf(tenant)).toHaveLength(CAP));

    // As if a job had finished in a transaction that could not yet see the jobs held beside it.
    const [finished] = dispatchesOf(tenant);
    await db().query(
      `UPDATE trigger.jobs SET status = 'completed', dispatch = NULL WHERE environment_id = $1 AND id = $2`,
      [tenant.environmentId, finished.jobId],
    );
    await expectEventually(() => expect(dispatchesOf(tenant)).toHaveLength(CAP + 1));
    expect(await dispatchState(tenant)).toEqual(['completed/-:1', 'queued/held:1', 'queued/sent:3']);
  });
});
