import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { JobRepository } from '../../engine/jobs/job.repository';
import { WorkerMetrics } from '../../platform/worker.metrics';
import type { StepArrival, StepKind } from '../step-kind';
import { type ThrottleCounterKey, ThrottleCounterRepository } from './throttle-counter.repository';
import { planThrottleStep, type ThrottlePlan } from './throttle-plan';

type ThrottleWindowPlan = Extract<ThrottlePlan, { ok: true }>;
type ThrottleArrival = StepArrival<ThrottleWindowPlan>;

/** What became of an arriving throttle job. */
export type ThrottleOutcome = 'passed' | 'throttled';

/** The counter an arrival is counted on. */
function throttleCounterKey({ job, event, plan }: ThrottleArrival): ThrottleCounterKey {
  return {
    environmentId: job.environmentId,
    subscriberPk: job.subscriberPk,
    workflowId: event.workflow.id,
    stepId: job.stepId,
    throttleKey: plan.key,
  };
}

/**
 * Throttle steps: an execution passes (COMPLETED, the chain goes on) while fewer than `threshold`
 * executions of its counter still count, else it is SKIPPED and so are the steps after it. The
 * counter's row lock (see `ThrottleCounterRepository`) makes this exact under concurrency.
 */
@Injectable()
export class ThrottleGate implements StepKind<ThrottleWindowPlan> {
  constructor(
    private readonly counters: ThrottleCounterRepository,
    private readonly jobs: JobRepository,
    private readonly metrics: WorkerMetrics,
  ) {}

  readonly plan = planThrottleStep;

  /** Arrivals one by one, in counter-key order. A passed one finished at once. */
  async start(tx: Tx, _environmentId: string, arrivals: readonly ThrottleArrival[]): Promise<string[]> {
    const finished: string[] = [];
    // Counter rows are locked in key order, so two transactions' rounds cannot wait on each other in a cycle.
    for (const arrival of [...arrivals].sort(byCounterKey)) {
      const outcome = await this.arrive(tx, arrival);
      this.metrics.throttleArrivals.inc({ outcome });
      if (outcome === 'passed') finished.push(arrival.job.id);
    }
    return finished;
  }

  private async arrive(tx: Tx, arrival: ThrottleArrival): Promise<ThrottleOutcome> {
    const { job, plan, now } = arrival;
    const key = throttleCounterKey(arrival);
    const count = await this.counters.arrive(tx, key, now);
    const executions = (n: number) => `${n} of ${plan.threshold} allowed execution${plan.threshold === 1 ? '' : 's'}`;
    if (count.live >= plan.threshold) {
      const freeAt = count.nextFreeAt ? `; the next is allowed from ${new Date(count.nextFreeAt).toISOString()}` : '';
      const detail = `Throttled: ${executions(count.live)} ${plan.window}${freeAt}`;
      await this.jobs.transition(tx, job.environmentId, [{ job, to: JobStatus.SKIPPED, cause: 'worker', detail }]);
      const following = await this.jobs.laterInChain(tx, job, JobStatus.PENDING);
      await this.jobs.transition(
        tx,
        job.environmentId,
        following.map((next) => ({
          job: next,
          to: JobStatus.SKIPPED,
          cause: 'worker' as const,
          detail: `Skipped: throttled at step ${job.stepId}`,
        })),
      );
      return 'throttled';
    }
    if (plan.countsUntil.getTime() > now.getTime()) {
      await this.counters.record(tx, key, plan.countsUntil);
      await this.jobs.transition(tx, job.environmentId, [
        {
          job,
          to: JobStatus.COMPLETED,
          cause: 'worker',
          detail: `Throttle passed: execution ${executions(count.live + 1)} ${plan.window}`,
        },
      ]);
    } else {
      await this.jobs.transition(tx, job.environmentId, [
        {
          job,
          to: JobStatus.COMPLETED,
          cause: 'worker',
          detail: `Throttle passed: its window ended at ${plan.countsUntil.toISOString()}`,
        },
      ]);
    }
    return 'passed';
  }
}

function byCounterKey(a: ThrottleArrival, b: ThrottleArrival): number {
  const [x, y] = [throttleCounterKey(a), throttleCounterKey(b)].map((key) =>
    JSON.stringify([key.subscriberPk, key.workflowId, key.stepId, key.throttleKey]),
  );
  return x < y ? -1 : x > y ? 1 : 0;
}
