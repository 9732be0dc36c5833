import { type JobDispatchData, JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import { detailsOf } from './support/job.probe';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;

// A provider's Retry-After (runner-kit's failureFromResponse on a 429/503) reaches the worker as
// error.retryAfterMs; the retry timer must not fire before it, whatever the back-off says.
describe('retries honour the provider’s Retry-After', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_retry_after');
    await harness.start();
  });
  afterAll(() => harness.close());

  async function firstDispatch(subscriber: string) {
    const tenant = newTenant();
    const trigger = triggerFor(tenant, [steps.email()], [subscriber]);
    await harness.broker.trigger(trigger);
    const dispatch = await harness.broker.waitForDispatch(
      (data) => data.transactionId === trigger.transactionId && data.attempt === 1,
    );
    return { tenant, dispatch };
  }

  async function reportRateLimited(dispatch: JobDispatchData, retryAfterMs?: number): Promise<void> {
    const before = await ackedCount(harness.instances[0], 'job-status');
    await harness.broker.jobStatus(dispatch, {
      status: S.FAILED,
      error: {
        code: 'provider_rate_limited',
        message: 'sendgrid answered HTTP 429: too many requests',
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    });
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'job-status')).toBeGreaterThanOrEqual(before + 1),
    );
  }

  const retryTimers = (jobId: string): Promise<{ run_at: Date }[]> =>
    harness.db.query(`SELECT run_at FROM trigger.timers WHERE kind = 'retry' AND subject_id = $1`, [jobId]);

  it('schedules the retry after a 429 with Retry-After: 7 at least 7 s later', async () => {
    const { tenant, dispatch } = await firstDispatch('limited-sub');
    const reportedAt = Date.now();
    await reportRateLimited(dispatch, 7000);

    const [timer] = await retryTimers(dispatch.jobId);
    expect(timer.run_at.getTime()).toBeGreaterThanOrEqual(reportedAt + 7000);
    expect(timer.run_at.getTime()).toBeLessThan(Date.now() + 7000 + 1000);
    expect(harness.broker.dispatchesOf(dispatch.jobId)).toHaveLength(1);
    const details = await detailsOf(harness.db, tenant.environmentId, dispatch.jobId);
    expect(details.map((d) => d.detail)).toContainEqual(
      expect.stringMatching(/retrying as attempt 2 in 7\.0 s \(the provider's Retry-After\)/),
    );
  });

  it('uses the usual back-off when the provider gave no Retry-After', async () => {
    const { dispatch } = await firstDispatch('backoff-sub');
    await reportRateLimited(dispatch);
    await harness.broker.waitForDispatch((data) => data.jobId === dispatch.jobId && data.attempt === 2);
  });
});
