import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { WorkerMetrics } from '../../platform/worker.metrics';
import { STEP_KINDS, type StepKinds } from '../../steps/step-kind';
import { EventRepository } from '../chain/event.repository';
import { JobRepository } from '../jobs/job.repository';
import type { JobRow } from '../jobs/job.row';

/** What a cancel did. */
export interface CancelResult {
  /** True when at least one job was canceled. */
  canceled: boolean;
  canceledJobs: number;
}

const CANCELABLE: readonly JobStatus[] = [JobStatus.PENDING, JobStatus.DELAYED, JobStatus.MERGED];
/** True for a job the cancel stops: one still waiting, or QUEUED but held back, never dispatched. */
const cancelable = (job: JobRow) =>
  CANCELABLE.includes(job.status) || (job.status === JobStatus.QUEUED && job.dispatch === 'held');

/**
 * Cancels a transaction with Novu's semantics: its PENDING, DELAYED and MERGED jobs become
 * CANCELED, and so do QUEUED jobs still held at their environment's cap (not yet dispatched);
 * dispatched QUEUED and RUNNING ones finish. A DELAYED job's step kind acts first (a digesting
 * job hands its window to its oldest MERGED follower). Their timers are left to fire and find
 * nothing to do. A fan-out still under way stops.
 */
@Injectable()
export class CancelTransactionUseCase {
  constructor(
    private readonly events: EventRepository,
    private readonly jobs: JobRepository,
    private readonly metrics: WorkerMetrics,
    @Inject(STEP_KINDS) private readonly kinds: StepKinds,
  ) {}

  async execute(tx: Tx, environmentId: string, transactionId: string): Promise<CancelResult> {
    // A topic or broadcast fan-out still running stops here: no further subscribers are reached.
    // (The event row first: the fan-out locks it before its jobs, so the order matches.)
    const stopped = await this.events.stopFanouts(tx, environmentId, transactionId);
    const candidates = await this.jobs.idsOfTransaction(tx, environmentId, transactionId, CANCELABLE, { held: true });
    const jobs = (
      await this.jobs.lock(
        tx,
        environmentId,
        candidates.map((row) => row.id),
      )
    ).filter(cancelable);
    for (const job of jobs) {
      if (job.status === JobStatus.DELAYED) await this.kinds[job.stepType].beforeCancel?.(tx, job);
    }
    const applied = await this.jobs.transition(
      tx,
      environmentId,
      jobs.map((job) => ({
        job,
        to: JobStatus.CANCELED,
        cause: 'worker' as const,
        detail: `Canceled by request for transaction ${transactionId}`,
      })),
    );
    this.metrics.jobTransitions.inc({ status: JobStatus.CANCELED }, applied.size);
    return { canceled: applied.size > 0 || stopped.length > 0, canceledJobs: applied.size };
  }
}
