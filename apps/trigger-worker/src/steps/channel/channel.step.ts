import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { DispatchWriter } from '../../engine/chain/dispatch.writer';
import { DispatchGate } from '../../engine/dispatch/dispatch-gate';
import { JobRepository, type JobTransition } from '../../engine/jobs/job.repository';
import { WorkerMetrics } from '../../platform/worker.metrics';
import type { StepArrival, StepKind } from '../step-kind';
import { planChannelStep } from './channel-preference';

/**
 * Delivery steps (every channel alike): QUEUED and dispatched to the channel's runner, which
 * reports back — or, while the environment has its cap of jobs in flight on that channel, QUEUED
 * and held until room is made (decision 0032).
 */
@Injectable()
export class ChannelStep implements StepKind {
  constructor(
    private readonly jobs: JobRepository,
    private readonly gate: DispatchGate,
    private readonly dispatch: DispatchWriter,
    private readonly metrics: WorkerMetrics,
  ) {}

  readonly plan = planChannelStep;

  async start(tx: Tx, environmentId: string, arrivals: readonly StepArrival<{ ok: true }>[]): Promise<string[]> {
    const { send, hold } = await this.gate.admit(tx, environmentId, arrivals, ({ step }) => step.type);
    const queued =
      (dispatch: 'sent' | 'held') =>
      ({ job, step }: StepArrival<{ ok: true }>): JobTransition => ({
        job,
        to: JobStatus.QUEUED,
        cause: 'worker',
        dispatch,
        detail:
          dispatch === 'sent'
            ? `Queued for the ${step.type} runner (attempt ${job.attempt})`
            : `Queued for the ${step.type} runner (attempt ${job.attempt}); held until the environment has room under its cap of jobs in flight`,
      });
    const applied = await this.jobs.transition(tx, environmentId, [
      ...send.map(queued('sent')),
      ...hold.map(queued('held')),
    ]);
    this.metrics.jobTransitions.inc({ status: JobStatus.QUEUED }, applied.size);
    this.metrics.dispatchHeld.inc(hold.filter(({ job }) => applied.has(job.id)).length);
    await this.dispatch.write(
      tx,
      send.filter(({ job }) => applied.has(job.id)),
    );
    return [];
  }
}
