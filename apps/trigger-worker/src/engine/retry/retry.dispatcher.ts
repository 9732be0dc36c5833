import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { DispatchWriter } from '../chain/dispatch.writer';
import { JobContextLoader } from '../chain/job-context.loader';
import { JobRepository } from '../jobs/job.repository';

/** Fires `retry` timers: a retry's back-off is over and its job goes to the runner again. */
@Injectable()
export class RetryDispatcher {
  constructor(
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly dispatch: DispatchWriter,
  ) {}

  /**
   * Dispatches the still QUEUED jobs again with their new attempt number; a job whose subscriber
   * was deleted meanwhile is CANCELED instead. Returns those canceled: their chains move on.
   */
  async redispatch(tx: Tx, environmentId: string, ids: readonly string[]): Promise<string[]> {
    const queued = (await this.jobs.lock(tx, environmentId, ids)).filter((job) => job.status === JobStatus.QUEUED);
    if (queued.length === 0) return [];
    const context = await this.context.load(tx, environmentId, queued, { preferences: false });
    const gone = queued.filter((job) => !context.subscribers.has(job.subscriberPk));
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
    const ready = queued.filter((job) => context.subscribers.has(job.subscriberPk));
    await this.dispatch.write(
      tx,
      ready.map((job) => ({
        job,
        event: context.events.get(job.eventId)!,
        subscriber: context.subscribers.get(job.subscriberPk)!,
      })),
    );
    for (const job of ready) await this.jobs.note(tx, environmentId, job, `Retry: attempt ${job.attempt} dispatched`);
    return gone.map((job) => job.id);
  }
}
