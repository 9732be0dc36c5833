import { CONTRACT_LIMITS, JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { JobRepository } from '../../engine/jobs/job.repository';
import type { JobRow } from '../../engine/jobs/job.row';
import { TimerRepository } from '../../engine/scheduler/timer.repository';
import { WorkerMetrics } from '../../platform/worker.metrics';
import type { StepArrival, StepKind } from '../step-kind';
import { type DigestGroupKey, DigestGroupRepository } from './digest-group.repository';
import { type DigestPlan, planDigestStep } from './digest-plan';

type DigestWindowPlan = Extract<DigestPlan, { ok: true }>;

/** What became of an arriving digest job. */
export type DigestOutcome = 'digesting' | 'merged' | 'skipped';

/**
 * Digest windows: the first event of a group digests (DELAYED until the window closes), later
 * ones are MERGED into it (their following jobs too), a back-off digest without a recent event
 * is SKIPPED. The group row lock (see `DigestGroupRepository`) makes this race-free.
 */
@Injectable()
export class DigestCoordinator implements StepKind<DigestWindowPlan> {
  constructor(
    private readonly groups: DigestGroupRepository,
    private readonly jobs: JobRepository,
    private readonly timers: TimerRepository,
    private readonly metrics: WorkerMetrics,
  ) {}

  readonly plan = planDigestStep;

  /** Arrivals one by one: each sees the group as the one before left it. A skipped one finished at once. */
  async start(tx: Tx, _environmentId: string, arrivals: readonly StepArrival<DigestWindowPlan>[]): Promise<string[]> {
    const finished: string[] = [];
    for (const arrival of arrivals) {
      const outcome = await this.arrive(tx, arrival);
      this.metrics.digestArrivals.inc({ outcome });
      if (outcome === 'skipped') finished.push(arrival.job.id);
    }
    return finished;
  }

  private async arrive(tx: Tx, { job, event, plan, now }: StepArrival<DigestWindowPlan>): Promise<DigestOutcome> {
    const key: DigestGroupKey = {
      environmentId: job.environmentId,
      subscriberPk: job.subscriberPk,
      workflowId: event.workflow.id,
      stepId: job.stepId,
      digestKey: plan.key,
    };
    const arrival = await this.groups.arrive(tx, key);
    const marks = { digestSeq: arrival.seq, digestKey: plan.key };
    if (arrival.leaderJobId) {
      await this.jobs.transition(tx, job.environmentId, [
        {
          job,
          to: JobStatus.MERGED,
          cause: 'worker',
          detail: `Merged into the digest of job ${arrival.leaderJobId}`,
          digestLeaderId: arrival.leaderJobId,
          ...marks,
        },
      ]);
      const following = await this.jobs.laterInChain(tx, job, JobStatus.PENDING);
      await this.jobs.transition(
        tx,
        job.environmentId,
        following.map((next) => ({
          job: next,
          to: JobStatus.MERGED,
          cause: 'worker' as const,
          detail: `Merged: the digest of job ${arrival.leaderJobId} sends once for all its events`,
        })),
      );
      return 'merged';
    }
    const quiet =
      plan.lookBackMs !== undefined &&
      (!arrival.previousEventAt || now.getTime() - new Date(arrival.previousEventAt).getTime() > plan.lookBackMs);
    if (quiet) {
      await this.jobs.transition(tx, job.environmentId, [
        {
          job,
          to: JobStatus.SKIPPED,
          cause: 'worker',
          detail:
            'Back-off digest skipped: no event of this digest within its look-back window, so this one is sent at once',
          ...marks,
        },
      ]);
      await this.jobs.attachDigest(tx, job, {
        events: [{ id: job.id, createdAt: new Date(job.createdAt).toISOString(), payload: event.payload }],
        totalCount: 1,
      });
      return 'skipped';
    }
    await this.groups.open(tx, key, job.id, plan.closesAt);
    await this.jobs.transition(tx, job.environmentId, [
      {
        job,
        to: JobStatus.DELAYED,
        cause: 'worker',
        runAt: plan.closesAt,
        detail: `Digesting events for ${plan.window}, until ${plan.closesAt.toISOString()}`,
        ...marks,
      },
    ]);
    await this.timers.schedule(tx, [
      { environmentId: job.environmentId, kind: 'digest', subjectId: job.id, runAt: plan.closesAt },
    ]);
    return 'digesting';
  }

  /**
   * Closes the windows of the given digesting jobs: each becomes COMPLETED and hands the batch
   * (events in arrival order and their total) to the jobs after it. Returns the closed ones;
   * a job no longer DELAYED (canceled, already closed) is left alone.
   */
  async fireTimers(tx: Tx, environmentId: string, leaderIds: readonly string[]): Promise<string[]> {
    const closed: string[] = [];
    for (const leader of await this.jobs.lock(tx, environmentId, leaderIds)) {
      if (leader.status !== JobStatus.DELAYED) continue;
      await this.groups.close(tx, environmentId, leader.id);
      const { events, total } = await this.groups.events(tx, environmentId, leader.id, CONTRACT_LIMITS.maxDigestEvents);
      await this.jobs.transition(tx, environmentId, [
        {
          job: leader,
          to: JobStatus.COMPLETED,
          cause: 'worker',
          detail: `Digest window closed with ${total} event${total === 1 ? '' : 's'}`,
        },
      ]);
      await this.jobs.attachDigest(tx, leader, { events, totalCount: total });
      closed.push(leader.id);
    }
    return closed;
  }

  /**
   * The digesting job `leader` is being canceled: its oldest MERGED follower takes over the
   * window (MERGED → DELAYED, its following jobs re-armed PENDING) and the timer moves to it.
   */
  async beforeCancel(tx: Tx, leader: JobRow): Promise<void> {
    const window = await this.groups.lockWindow(tx, leader.environmentId, leader.id);
    if (!window) return;
    const successor = await this.groups.oldestFollower(tx, leader.environmentId, leader.id);
    if (!successor) {
      await this.groups.close(tx, leader.environmentId, leader.id);
      return;
    }
    await this.groups.handOver(tx, leader.environmentId, leader.id, successor.id);
    await this.jobs.transition(tx, leader.environmentId, [
      {
        job: successor,
        to: JobStatus.DELAYED,
        cause: 'takeover',
        runAt: window.closesAt,
        detail: `Took over the digest of canceled job ${leader.id}, until ${new Date(window.closesAt).toISOString()}`,
      },
    ]);
    const following = await this.jobs.laterInChain(tx, successor, JobStatus.MERGED);
    await this.jobs.transition(
      tx,
      leader.environmentId,
      following.map((job) => ({
        job,
        to: JobStatus.PENDING,
        cause: 'takeover' as const,
        detail: `Re-armed: job ${successor.id} now digests`,
      })),
    );
    await this.timers.schedule(tx, [
      {
        environmentId: leader.environmentId,
        kind: 'digest',
        subjectId: successor.id,
        runAt: new Date(window.closesAt),
      },
    ]);
  }
}
