import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { WorkerMetrics } from '../../platform/worker.metrics';
import { DispatchWriter } from '../chain/dispatch.writer';
import { JobContextLoader } from '../chain/job-context.loader';
import { JobRepository } from '../jobs/job.repository';
import { DispatchGate } from './dispatch-gate';
import { HeldDispatchRepository, type HeldLane } from './held-dispatch.repository';

/**
 * Releases held jobs (decision 0032): per lane, the oldest that fit under the cap are marked sent
 * and their dispatches written to the outbox in the caller's transaction, so a released job is
 * dispatched exactly when that transaction commits. A job whose subscriber was deleted while it
 * waited is CANCELED instead, as a retry's would be.
 */
@Injectable()
export class HeldDispatchReleaser {
  constructor(
    private readonly gate: DispatchGate,
    private readonly held: HeldDispatchRepository,
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly dispatch: DispatchWriter,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Releases what fits on the environment's `channels`; returns the jobs canceled instead (their chains move on). */
  async release(tx: Tx, environmentId: string, channels: Iterable<string>): Promise<string[]> {
    const cap = this.gate.cap;
    if (cap === undefined) return [];
    const released = [];
    for (const channel of new Set(channels))
      released.push(...(await this.held.release(tx, { environmentId, channel }, cap)));
    if (released.length === 0) return [];
    this.metrics.dispatchReleased.inc(released.length);
    const context = await this.context.load(tx, environmentId, released, { preferences: false });
    const gone = released.filter((job) => !context.subscribers.has(job.subscriberPk));
    await this.jobs.transition(
      tx,
      environmentId,
      gone.map((job) => ({
        job,
        to: JobStatus.CANCELED,
        cause: 'worker' as const,
        detail: 'Subscriber no longer exists',
      })),
    );
    await this.dispatch.write(
      tx,
      released
        .filter((job) => context.subscribers.has(job.subscriberPk))
        .map((job) => ({
          job,
          event: context.events.get(job.eventId)!,
          subscriber: context.subscribers.get(job.subscriberPk)!,
        })),
    );
    return gone.map((job) => job.id);
  }

  /** Releases one lane (the sweep's unit of work). */
  releaseLane(tx: Tx, lane: HeldLane): Promise<string[]> {
    return this.release(tx, lane.environmentId, [lane.channel]);
  }
}
