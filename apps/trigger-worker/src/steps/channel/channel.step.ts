import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { DispatchWriter } from '../../engine/chain/dispatch.writer';
import { JobRepository } from '../../engine/jobs/job.repository';
import { WorkerMetrics } from '../../platform/worker.metrics';
import type { StepArrival, StepKind } from '../step-kind';
import { planChannelStep } from './channel-preference';

/** Delivery steps (every channel alike): QUEUED and dispatched to the channel's runner, which reports back. */
@Injectable()
export class ChannelStep implements StepKind {
  constructor(
    private readonly jobs: JobRepository,
    private readonly dispatch: DispatchWriter,
    private readonly metrics: WorkerMetrics,
  ) {}

  readonly plan = planChannelStep;

  async start(tx: Tx, environmentId: string, arrivals: readonly StepArrival<{ ok: true }>[]): Promise<string[]> {
    const applied = await this.jobs.transition(
      tx,
      environmentId,
      arrivals.map(({ job, step }) => ({
        job,
        to: JobStatus.QUEUED,
        cause: 'worker' as const,
        detail: `Queued for the ${step.type} runner (attempt ${job.attempt})`,
      })),
    );
    this.metrics.jobTransitions.inc({ status: JobStatus.QUEUED }, applied.size);
    await this.dispatch.write(
      tx,
      arrivals.filter(({ job }) => applied.has(job.id)),
    );
    return [];
  }
}
