import { JobStatus } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { DispatchWriter } from '../chain/dispatch.writer';
import { JobContextLoader } from '../chain/job-context.loader';
import { DispatchGate } from '../dispatch/dispatch-gate';
import { HeldDispatchRepository } from '../dispatch/held-dispatch.repository';
import { JobRepository } from '../jobs/job.repository';

/** Fires `retry` timers: a retry's back-off is over and its job goes to the runner again. */
@Injectable()
export class RetryDispatcher {
  constructor(
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly dispatch: DispatchWriter,
    private readonly gate: DispatchGate,
    private readonly held: HeldDispatchRepository,
  ) {}

  /**
   * Dispatches the still QUEUED jobs again with their new attempt number, through the same
   * per-environment cap as a first attempt (held when it is reached, decision 0032); a job whose
   * subscriber was deleted meanwhile is CANCELED instead. Returns those canceled: their chains move on.
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
    const ready = queued.filter((job) => context.subscribers.has(job.subscriberPk) && job.dispatch === null);
    const { send, hold } = await this.gate.admit(tx, environmentId, ready, (job) => job.stepType);
    await this.held.mark(
      tx,
      environmentId,
      send.map((job) => job.id),
      'sent',
    );
    await this.held.mark(
      tx,
      environmentId,
      hold.map((job) => job.id),
      'held',
    );
    await this.dispatch.write(
      tx,
      send.map((job) => ({
        job,
        event: context.events.get(job.eventId)!,
        subscriber: context.subscribers.get(job.subscriberPk)!,
      })),
    );
    for (const job of send) await this.jobs.note(tx, environmentId, job, `Retry: attempt ${job.attempt} dispatched`);
    for (const job of hold) {
      await this.jobs.note(tx, environmentId, job, `Retry: attempt ${job.attempt} held until the environment has room`);
    }
    return gone.map((job) => job.id);
  }
}
