import { JobStatus, type TriggerRequestedData, type WorkflowStep } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import type { ActivityNotificationDto } from '../src/admin-api/activity/activity.repository';
import { ThrottleCounterRepository } from '../src/steps/throttle/throttle-counter.repository';
import { detailsOf, jobsOf } from './support/job.probe';
import { countRows } from './support/seed';
import { newTenant, steps, type TestTenant, triggerFor } from './support/trigger.fixtures';
import { WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;
const throttle = (controlValues: Record<string, unknown>, stepId = 'throttle'): WorkflowStep => ({
  stepId,
  name: stepId,
  type: 'throttle',
  active: true,
  controlValues,
});
const ONE_PER_MINUTE = { amount: 1, unit: 'minutes' };

describe('throttle step', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_throttle');
    await harness.start();
  });

  afterAll(() => harness.close());

  const db = () => harness.db;
  const statuses = async (tenant: TestTenant, transactionId: string) =>
    (await jobsOf(db(), tenant.environmentId, transactionId)).map((job) => `${job.stepId}:${job.status}`);
  /** Triggers and waits until the worker has decided the throttle job. */
  async function decided(tenant: TestTenant, trigger: TriggerRequestedData): Promise<string[]> {
    await harness.broker.trigger(trigger);
    return expectEventually(
      async () => {
        const [first] = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
        expect(first?.status).toBeDefined();
        expect(first.status).not.toBe(S.PENDING);
        return statuses(tenant, trigger.transactionId);
      },
      { timeoutMs: 20_000 },
    );
  }
  const dispatchedIn = (transactionId: string) =>
    harness.broker.dispatches.filter((d) => d.data.transactionId === transactionId);

  it('threshold 1: the first passes, the second within the window is SKIPPED with the rest of its chain, after the window one passes again', async () => {
    const tenant = newTenant();
    const workflow = [throttle({ amount: 2, unit: 'seconds' }), steps.email(), steps.sms()];
    const first = triggerFor(tenant, workflow, ['sub-1']);
    expect(await decided(tenant, first)).toEqual(['throttle:completed', 'email:queued', 'sms:pending']);
    await harness.broker.waitForDispatch(
      (data) => data.transactionId === first.transactionId && data.step.stepId === 'email',
    );

    const second = triggerFor(tenant, workflow, ['sub-1']);
    expect(await decided(tenant, second)).toEqual(['throttle:skipped', 'email:skipped', 'sms:skipped']);
    const [throttled, email] = await jobsOf(db(), tenant.environmentId, second.transactionId);
    expect(await detailsOf(db(), tenant.environmentId, throttled.id)).toEqual([
      {
        status: S.SKIPPED,
        attempt: 1,
        detail: expect.stringMatching(
          /^Throttled: 1 of 1 allowed execution in the last 2 seconds; the next is allowed from \d{4}-/,
        ),
      },
    ]);
    expect(await detailsOf(db(), tenant.environmentId, email.id)).toEqual([
      { status: S.SKIPPED, attempt: 1, detail: 'Skipped: throttled at step throttle' },
    ]);

    // The activity feed shows the throttled notification and why.
    const feed = await harness.broker.rpc<{ data: ActivityNotificationDto[] }>('notifications.list.v1', {
      environmentId: tenant.environmentId,
      transactionId: second.transactionId,
    });
    expect(
      feed.data[0].jobs.map((job) => [job.step.stepId, job.status, job.executionDetails.map((d) => d.detail)]),
    ).toEqual([
      ['throttle', S.SKIPPED, [expect.stringContaining('Throttled: 1 of 1')]],
      ['email', S.SKIPPED, ['Skipped: throttled at step throttle']],
      ['sms', S.SKIPPED, ['Skipped: throttled at step throttle']],
    ]);

    // Once the first execution no longer counts, the next one passes.
    await expectEventually(async () => expect(await liveExecutions(tenant)).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    const third = triggerFor(tenant, workflow, ['sub-1']);
    expect(await decided(tenant, third)).toEqual(['throttle:completed', 'email:queued', 'sms:pending']);
    await harness.broker.waitForDispatch(
      (data) => data.transactionId === third.transactionId && data.step.stepId === 'email',
    );
    expect(dispatchedIn(second.transactionId)).toHaveLength(0);
  });

  it('counts per subscriber and per throttleKey value', async () => {
    const tenant = newTenant();
    const workflow = [throttle({ ...ONE_PER_MINUTE, throttleKey: 'payload.projectId' }), steps.inApp()];
    const outcomes: string[] = [];
    for (const [subscriber, projectId] of [
      ['a', 'p1'],
      ['a', 'p2'],
      ['a', 'p1'],
      ['b', 'p1'],
      ['a', undefined],
      ['a', undefined],
    ]) {
      const [throttleJob] = await decided(
        tenant,
        triggerFor(tenant, workflow, [subscriber!], { payload: { projectId } }),
      );
      outcomes.push(`${subscriber}/${projectId ?? '-'}:${throttleJob}`);
    }
    expect(outcomes).toEqual([
      'a/p1:throttle:completed',
      'a/p2:throttle:completed',
      'a/p1:throttle:skipped',
      'b/p1:throttle:completed',
      'a/-:throttle:completed',
      'a/-:throttle:skipped',
    ]);
  });

  it('is exact under concurrency: 10 notifications at once with threshold 3 let exactly 3 through (two worker instances)', async () => {
    if (harness.instances.length < 2) await harness.start();
    const tenant = newTenant();
    const workflow = [throttle({ ...ONE_PER_MINUTE, threshold: 3 }), steps.email()];
    const triggers = Array.from({ length: 10 }, (_, n) =>
      triggerFor(tenant, workflow, ['busy-sub'], { payload: { n } }),
    );
    await Promise.all(triggers.map((trigger) => harness.broker.trigger(trigger)));
    await expectEventually(
      async () =>
        expect(
          await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'throttle' AND status <> 'pending'`),
        ).toBe(10),
      { timeoutMs: 30_000 },
    );

    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'throttle' AND status = 'completed'`)).toBe(
      3,
    );
    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'throttle' AND status = 'skipped'`)).toBe(
      7,
    );
    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'email' AND status = 'skipped'`)).toBe(7);
    await expectEventually(() =>
      expect(harness.broker.dispatches.filter((d) => d.data.environmentId === tenant.environmentId)).toHaveLength(3),
    );
    const passedDetails = await db().query(
      `SELECT d.detail FROM trigger.execution_details d JOIN trigger.jobs j ON j.id = d.job_id WHERE j.environment_id = $1 AND j.step_type = 'throttle' AND d.status = 'completed' ORDER BY d.detail`,
      [tenant.environmentId],
    );
    expect(passedDetails.map((row: { detail: string }) => row.detail)).toEqual(
      [1, 2, 3].map((n) => `Throttle passed: execution ${n} of 3 allowed executions in the last 1 minute`),
    );
  });

  it('cancels a throttle step whose dynamic window is missing (like a misconfigured delay) and the chain goes on', async () => {
    const tenant = newTenant();
    const trigger = triggerFor(
      tenant,
      [throttle({ type: 'dynamic', dynamicKey: 'payload.throttleUntil' }), steps.email()],
      ['dyn-sub'],
      { payload: {} },
    );
    expect(await decided(tenant, trigger)).toEqual(['throttle:canceled', 'email:queued']);
    const [job] = await jobsOf(db(), tenant.environmentId, trigger.transactionId);
    expect((await detailsOf(db(), tenant.environmentId, job.id)).map((d) => d.detail)).toEqual([
      'Throttle canceled: the dynamic window key payload.throttleUntil is missing from the payload',
    ]);
  });

  it('throttles until a dynamic ISO-8601 timestamp', async () => {
    const tenant = newTenant();
    const workflow = [throttle({ type: 'dynamic', dynamicKey: 'payload.throttleUntil' }), steps.email()];
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      await decided(tenant, triggerFor(tenant, workflow, ['until-sub'], { payload: { throttleUntil: until } })),
    ).toEqual(['throttle:completed', 'email:queued']);
    const second = triggerFor(tenant, workflow, ['until-sub'], { payload: { throttleUntil: until } });
    expect(await decided(tenant, second)).toEqual(['throttle:skipped', 'email:skipped']);
    const [job] = await jobsOf(db(), tenant.environmentId, second.transactionId);
    expect((await detailsOf(db(), tenant.environmentId, job.id))[0].detail).toContain(`until ${until}`);
  });

  it('purges counters whose executions all stopped counting and keeps the live ones', async () => {
    const tenant = newTenant();
    const insert = (stepId: string, expiresAt: string) =>
      db().query(
        `INSERT INTO trigger.throttle_counters (environment_id, subscriber_pk, workflow_id, step_id, throttle_key, counts_until, expires_at)
         VALUES ($1, gen_random_uuid(), 'wf', $2, '', ARRAY[$3::timestamptz], $3::timestamptz)`,
        [tenant.environmentId, stepId, expiresAt],
      );
    await insert('expired', new Date(Date.now() - 60_000).toISOString());
    await insert('live', new Date(Date.now() + 3_600_000).toISOString());
    const purged = await harness.instances[0].app.get(ThrottleCounterRepository).purgeExpired(db(), 100_000);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(
      (
        await db().query('SELECT step_id FROM trigger.throttle_counters WHERE environment_id = $1', [
          tenant.environmentId,
        ])
      ).map((row: { step_id: string }) => row.step_id),
    ).toEqual(['live']);
  });

  /** Executions of the tenant's counters that still count, by the database clock. */
  async function liveExecutions(tenant: TestTenant): Promise<number> {
    const [{ live }] = await db().query(
      `SELECT count(*)::int AS live FROM trigger.throttle_counters c, unnest(c.counts_until) t WHERE c.environment_id = $1 AND t > now()`,
      [tenant.environmentId],
    );
    return live;
  }
});
