import { JobStatus } from '@herald/contracts';
import { expectEventually } from '@herald/testing';

import { jobsOf, type ProbedJob } from './support/job.probe';
import { countRows } from './support/seed';
import { newTenant, steps, type TestTenant, triggerFor } from './support/trigger.fixtures';
import { ackedCount, WorkerTestHarness } from './support/worker-test-harness';

const S = JobStatus;
const WINDOW = { amount: 1, unit: 'minutes' };

describe('digest', () => {
  let harness: WorkerTestHarness;

  beforeAll(async () => {
    harness = await WorkerTestHarness.create('tw_digest');
    await harness.start();
  });

  afterAll(() => harness.close());

  const db = () => harness.db;
  const digestJobs = async (tenant: TestTenant): Promise<ProbedJob[]> =>
    db().query(
      `SELECT id, step_id AS "stepId", status, attempt, subscriber_id AS "subscriberId", chain_order AS "chainOrder", transaction_id AS "transactionId", digest_leader_id AS "digestLeaderId"
       FROM trigger.jobs WHERE environment_id = $1 AND step_type = 'digest' ORDER BY digest_seq`,
      [tenant.environmentId],
    );
  /** Closes the window now: the test's stand-in for the window's time passing. */
  const closeWindow = (leaderId: string) =>
    db().query(`UPDATE trigger.timers SET run_at = now() WHERE subject_id = $1 AND kind = 'digest'`, [leaderId]);

  async function concurrentTriggersIntoOneDigest(count: number): Promise<void> {
    const tenant = newTenant();
    const workflow = [steps.digest({ ...WINDOW, digestKey: 'postId' }), steps.email()];
    const triggers = Array.from({ length: count }, (_, i) =>
      triggerFor(tenant, workflow, ['digest-sub'], { payload: { postId: 'p1', n: i } }),
    );
    await Promise.all(triggers.map((trigger) => harness.broker.trigger(trigger)));
    await expectEventually(
      async () =>
        expect(
          await countRows(
            db(),
            'jobs',
            tenant.environmentId,
            `step_type = 'digest' AND status IN ('delayed', 'merged')`,
          ),
        ).toBe(count),
      { timeoutMs: 30_000 },
    );

    const digests = await digestJobs(tenant);
    const leaders = digests.filter((job) => job.status === S.DELAYED);
    expect(leaders).toHaveLength(1);
    expect(digests.filter((job) => job.status === S.MERGED && job.digestLeaderId === leaders[0].id)).toHaveLength(
      count - 1,
    );
    await closeWindow(leaders[0].id);

    const dispatch = await harness.broker.waitForDispatch((data) => data.environmentId === tenant.environmentId);
    expect(dispatch.digest?.totalCount).toBe(count);
    expect(dispatch.digest?.events.map((event) => event.id)).toEqual(digests.map((job) => job.id));
    expect(new Set(dispatch.digest?.events.map((event) => event.payload.n)).size).toBe(count);
    expect(dispatch.transactionId).toBe(leaders[0].transactionId);
    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'digest' AND status = 'completed'`)).toBe(
      1,
    );
    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'digest' AND status = 'merged'`)).toBe(
      count - 1,
    );
    expect(await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'email' AND status = 'merged'`)).toBe(
      count - 1,
    );
    await expectEventually(async () => expect(await countRows(db(), 'timers', tenant.environmentId)).toBe(0));
    expect(harness.broker.dispatches.filter((d) => d.data.environmentId === tenant.environmentId)).toHaveLength(1);
  }

  it('merges 200 concurrent triggers into one digest: 1 digesting job completes, 199 MERGED, the next step runs once with 200 events', async () => {
    await concurrentTriggersIntoOneDigest(200);
  });

  it('keeps separate windows per digest key and per subscriber', async () => {
    const tenant = newTenant();
    const workflow = [steps.digest({ ...WINDOW, digestKey: 'postId' }), steps.email()];
    for (const [subscriber, postId] of [
      ['k-a', 'p1'],
      ['k-a', 'p2'],
      ['k-a', 'p1'],
      ['k-b', 'p1'],
    ]) {
      await harness.broker.trigger(triggerFor(tenant, workflow, [subscriber], { payload: { postId } }));
    }
    await expectEventually(async () =>
      expect(
        await countRows(db(), 'jobs', tenant.environmentId, `step_type = 'digest' AND status IN ('delayed', 'merged')`),
      ).toBe(4),
    );
    expect((await digestJobs(tenant)).map((job) => `${job.subscriberId}:${job.status}`).sort()).toEqual([
      'k-a:delayed',
      'k-a:delayed',
      'k-a:merged',
      'k-b:delayed',
    ]);
  });

  it('skips a back-off digest without a recent event (sent at once), then digests the next ones', async () => {
    const tenant = newTenant();
    const workflow = [steps.digest({ ...WINDOW, lookBackWindow: { amount: 5, unit: 'minutes' } }), steps.email()];
    const first = triggerFor(tenant, workflow, ['backoff-sub'], { payload: { n: 1 } });
    await harness.broker.trigger(first);
    const immediate = await harness.broker.waitForDispatch((data) => data.transactionId === first.transactionId);
    expect(immediate.digest).toMatchObject({ totalCount: 1, events: [{ payload: { n: 1 } }] });
    expect((await jobsOf(db(), tenant.environmentId, first.transactionId)).map((job) => job.status)).toEqual([
      S.SKIPPED,
      S.QUEUED,
    ]);

    const second = triggerFor(tenant, workflow, ['backoff-sub'], { payload: { n: 2 } });
    const third = triggerFor(tenant, workflow, ['backoff-sub'], { payload: { n: 3 } });
    await harness.broker.trigger(second);
    await expectEventually(async () =>
      expect((await jobsOf(db(), tenant.environmentId, second.transactionId)).map((job) => job.status)).toEqual([
        S.DELAYED,
        S.PENDING,
      ]),
    );
    await harness.broker.trigger(third);
    await expectEventually(async () =>
      expect((await jobsOf(db(), tenant.environmentId, third.transactionId)).map((job) => job.status)).toEqual([
        S.MERGED,
        S.MERGED,
      ]),
    );

    const [leader] = await jobsOf(db(), tenant.environmentId, second.transactionId);
    await closeWindow(leader.id);
    const digested = await harness.broker.waitForDispatch((data) => data.transactionId === second.transactionId);
    expect(digested.digest?.events.map((event) => event.payload.n)).toEqual([2, 3]);
  });

  it('hands the window to the oldest merged follower when the digesting job is canceled (takeover)', async () => {
    const tenant = newTenant();
    const workflow = [steps.digest(WINDOW), steps.email()];
    const [t1, t2, t3] = [1, 2, 3].map((n) => triggerFor(tenant, workflow, ['takeover-sub'], { payload: { n } }));
    for (const trigger of [t1, t2, t3]) {
      await harness.broker.trigger(trigger);
      await expectEventually(async () =>
        expect(
          await countRows(db(), 'jobs', tenant.environmentId, 'transaction_id = $2 AND status <> $3', [
            trigger.transactionId,
            S.PENDING,
          ]),
        ).toBeGreaterThan(0),
      );
    }
    const [oldLeader] = await jobsOf(db(), tenant.environmentId, t1.transactionId);
    expect(oldLeader.status).toBe(S.DELAYED);

    expect(await harness.broker.cancel(tenant.environmentId, t1.transactionId)).toEqual({
      canceled: true,
      canceledJobs: 2,
    });
    expect((await jobsOf(db(), tenant.environmentId, t1.transactionId)).map((job) => job.status)).toEqual([
      S.CANCELED,
      S.CANCELED,
    ]);
    const [newLeader, newLeaderEmail] = await jobsOf(db(), tenant.environmentId, t2.transactionId);
    expect([newLeader.status, newLeaderEmail.status]).toEqual([S.DELAYED, S.PENDING]);
    const [follower] = await jobsOf(db(), tenant.environmentId, t3.transactionId);
    expect(follower).toMatchObject({ status: S.MERGED, digestLeaderId: newLeader.id });

    // The canceled leader's timer is stale; the new leader's window closes with the remaining events.
    await closeWindow(oldLeader.id);
    await closeWindow(newLeader.id);
    const dispatch = await harness.broker.waitForDispatch((data) => data.environmentId === tenant.environmentId);
    expect(dispatch.transactionId).toBe(t2.transactionId);
    expect(dispatch.digest?.events.map((event) => event.payload.n)).toEqual([2, 3]);
    await expectEventually(async () => expect(await countRows(db(), 'timers', tenant.environmentId)).toBe(0));
    expect(harness.broker.dispatches.filter((d) => d.data.environmentId === tenant.environmentId)).toHaveLength(1);
  });

  it('merges 200 concurrent triggers into one digest with two worker instances consuming', async () => {
    await harness.start();
    expect(harness.instances).toHaveLength(2);
    const before = await Promise.all(harness.instances.map((instance) => ackedCount(instance, 'trigger-requested')));
    await concurrentTriggersIntoOneDigest(200);
    const after = await Promise.all(harness.instances.map((instance) => ackedCount(instance, 'trigger-requested')));
    // Both replicas took part (competing consumers on one quorum queue).
    expect(after.map((count, i) => count - before[i]).every((count) => count > 0)).toBe(true);
  });
});
