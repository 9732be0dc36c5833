import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { JobRepository } from '../../engine/jobs/job.repository';
import { TimerRepository } from '../../engine/scheduler/timer.repository';
import { WorkerMetrics } from '../../platform/worker.metrics';
import type { StepArrival, StepKind } from '../step-kind';
import { type DelaySchedule, planDelayStep } from './delay-schedule';

type DelayPlan = Extract<DelaySchedule, { ok: true }>;

/** Delay steps: the job waits DELAYED on a `delay` timer, then completes and the chain goes on. */
@Injectable()
export class DelayStep implements StepKind<DelayPlan> {
  constructor(
    private readonly jobs: JobRepository,
    private readonly timers: TimerRepository,
    private readonly metrics: WorkerMetrics,
  ) {}

  readonly plan = planDelayStep;

  async start(tx: Tx, environmentId: string, arrivals: readonly StepArrival<DelayPlan>[]): Promise<string[]> {
    const applied = await this.jobs.transition(
      tx,
      environmentId,
      arrivals.map(({ job, plan }) => ({
        job,
        to: JobStatus.DELAYED,
        cause: 'worker' as const,
        detail: plan.detail,
        runAt: plan.runAt,
      })),
    );
    this.metrics.jobTransitions.inc({ status: JobStatus.DELAYED }, applied.size);
    await this.timers.schedule(
      tx,
      arrivals.map(({ job, plan }) => ({
        environmentId,
        kind: 'delay' as const,
        subjectId: job.id,
        runAt: plan.runAt,
      })),
    );
    return [];
  }

  /** The delays are over: jobs still DELAYED complete (a canceled one's timer finds nothing to do). */
  async fireTimers(tx: Tx, environmentId: string, jobIds: readonly string[]): Promise<string[]> {
    const delayed = (await this.jobs.lock(tx, environmentId, jobIds)).filter((job) => job.status === JobStatus.DELAYED);
    const applied = await this.jobs.transition(
      tx,
      environmentId,
      delayed.map((job) => ({ job, to: JobStatus.COMPLETED, cause: 'worker' as const, detail: 'Delay finished' })),
    );
    this.metrics.jobTransitions.inc({ status: JobStatus.COMPLETED }, applied.size);
    return [...applied];
  }
}
