import { Injectable } from '@nestjs/common';
import { JobStatus } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import type { ThrottlePlan } from './throttle-plan';
import type { StoredEvent } from '../../engine/chain/event.repository';
import { JobRepository } from '../../engine/jobs/job.repository';
import type { JobRow } from '../../engine/jobs/job.row';
import { ThrottleCounterRepository, type ThrottleCounterKey } from './throttle-counter.repository';

/** A throttle job the chain has reached. */
export interface ThrottleArrivalInput {
  job: JobRow;
  event: StoredEvent;
  plan: Extract<ThrottlePlan, { ok: true }>;
  now: Date;
}

/** What became of an arriving throttle job. */
export type ThrottleOutcome = 'passed' | 'throttled';

/** The counter an arrival is counted on. */
export function throttleCounterKey({ job, event, plan }: Pick<ThrottleArrivalInput, 'job' | 'event' | 'plan'>): ThrottleCounterKey {
  return { environmentId: job.environmentId, subscriberPk: job.subscriberPk, workflowId: event.workflow.id, stepId: job.stepId, throttleKey: plan.key };
}

/**
 * Throttle steps: an execution passes (COMPLETED, the chain goes on) while fewer than `threshold`
 * executions of its counter still count, else it is SKIPPED and so are the steps after it. The
 * counter's row lock (see `ThrottleCounterRepository`) makes this exact under concurrency.
 */
@Injectable()
export class ThrottleGate {
  constructor(
    private readonly counters: ThrottleCounterRepository,
    private readonly jobs: JobRepository,
  ) {}

  async arrive(manager: EntityManager, arrival: ThrottleArrivalInput): Promise<ThrottleOutcome> {
    const { job, plan, now } = arrival;
    const key = throttleCounterKey(arrival);
    const count = await this.counters.arrive(manager, key, now);
    const executions = (n: number) => `${n} of ${plan.threshold} allowed execution${plan.threshold === 1 ? '' : 's'}`;
    if (count.live >= plan.threshold) {
      const freeAt = count.nextFreeAt ? `; the next is allowed from ${new Date(count.nextFreeAt).toISOString()}` : '';
      const detail = `Throttled: ${executions(count.live)} ${plan.window}${freeAt}`;
      await this.jobs.transition(manager, job.environmentId, [{ job, to: JobStatus.SKIPPED, cause: 'worker', detail }]);
      const following = await this.jobs.laterInChain(manager, job, JobStatus.PENDING);
      await this.jobs.transition(
        manager,
        job.environmentId,
        following.map((next) => ({ job: next, to: JobStatus.SKIPPED, cause: 'worker' as const, detail: `Skipped: throttled at step ${job.stepId}` })),
      );
      return 'throttled';
    }
    if (plan.countsUntil.getTime() > now.getTime()) {
      await this.counters.record(manager, key, plan.countsUntil);
      await this.jobs.transition(manager, job.environmentId, [{ job, to: JobStatus.COMPLETED, cause: 'worker', detail: `Throttle passed: execution ${executions(count.live + 1)} ${plan.window}` }]);
    } else {
      await this.jobs.transition(manager, job.environmentId, [{ job, to: JobStatus.COMPLETED, cause: 'worker', detail: `Throttle passed: its window ended at ${plan.countsUntil.toISOString()}` }]);
    }
    return 'passed';
  }
}
