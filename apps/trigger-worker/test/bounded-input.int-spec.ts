import { JobStatus, type WorkflowStep } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import type { ActivityNotificationDto } from '../src/admin-api/activity/activity.repository';
import { detailsOf, jobsOf } from './support/job.probe';
import { newTenant, steps, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;
/** Issue 14's skip rule: every element of `payload.rounds` doubles an array (2^n elements). */
const DOUBLING_RULE = {
  reduce: [{ var: 'payload.rounds' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]],
};
const dynamicThrottle: WorkflowStep = {
  stepId: 'throttle',
  name: 'throttle',
  type: 'throttle',
  active: true,
  controlValues: { type: 'dynamic', dynamicKey: 'payload.window' },
};

/** Hostile input published straight to the broker, past the gateway's save-time checks (decision 0029). */
describe('bounded tenant input in trigger-worker', () => {
  let harness: WorkerTestHarness;
  const tenant = newTenant();

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_bounded');
    await harness.start();
  });

  afterAll(() => harness.close());

  const feedOf = async (transactionId: string) =>
    (
      await harness.broker.rpc<{ data: ActivityNotificationDto[] }>('notifications.list.v1', {
        environmentId: tenant.environmentId,
        transactionId,
      })
    ).data;

  it('skips a step whose rule exceeds its budget, and goes on with the next trigger', async () => {
    // 22 rounds would build a 4-million-element array; the worker must not run the rule at all.
    const hostile = triggerFor(tenant, [steps.inApp('in-app', { skip: DOUBLING_RULE }), steps.sms()], ['sub-1'], {
      payload: { rounds: Array.from({ length: 22 }, (_, i) => i) },
    });
    const next = triggerFor(tenant, [steps.inApp()], ['sub-2']);
    const acked = await ackedCount(harness.instances[0], 'trigger-requested');
    await harness.broker.trigger(hostile);
    await harness.broker.trigger(next);

    await harness.broker.waitForDispatch((data) => data.transactionId === next.transactionId);
    const [skipped, sms] = await expectEventually(async () => {
      const jobs = await jobsOf(harness.db, tenant.environmentId, hostile.transactionId);
      expect(jobs.map((job) => `${job.stepId}:${job.status}`)).toEqual(['in-app:canceled', 'sms:queued']);
      return jobs;
    });
    expect(await detailsOf(harness.db, tenant.environmentId, skipped.id)).toEqual([
      {
        status: S.CANCELED,
        attempt: 1,
        detail: expect.stringMatching(/^Step skipped: its skip rule exceeded its budget \(uses "reduce", /),
      },
    ]);
    expect(sms.status).toBe(S.QUEUED);
    // Both acked once their dispatches were confirmed, a moment after their commit (0048).
    await expectEventually(async () =>
      expect(await ackedCount(harness.instances[0], 'trigger-requested')).toBe(acked + 2),
    );
    await harness.broker.waitForDispatch((data) => data.transactionId === hostile.transactionId);
    expect(
      harness.broker.dispatches
        .filter((d) => d.data.transactionId === hostile.transactionId)
        .map((d) => d.data.step.stepId),
    ).toEqual(['sms']);
  });

  it('fails a job whose window is no date, with the reason in the activity feed, not a dead letter', async () => {
    const trigger = triggerFor(tenant, [dynamicThrottle, steps.inApp()], ['sub-3'], {
      payload: { window: { amount: 1e300, unit: 'days' } },
    });
    await harness.broker.trigger(trigger);
    await harness.broker.waitForDispatch((data) => data.transactionId === trigger.transactionId);

    const [notification] = await feedOf(trigger.transactionId);
    expect(
      notification.jobs.map((job) => [
        job.step.stepId,
        job.status,
        job.executionDetails.map((detail) => detail.detail),
      ]),
    ).toEqual([
      [
        'throttle',
        S.FAILED,
        [expect.stringMatching(/^Step failed: 1e\+300 days from \S+ is not a representable date$/)],
      ],
      ['in-app', S.QUEUED, [expect.any(String)]],
    ]);
  });
});
