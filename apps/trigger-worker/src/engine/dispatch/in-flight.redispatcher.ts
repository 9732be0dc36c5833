import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { DispatchWriter } from '../chain/dispatch.writer';
import { JobContextLoader } from '../chain/job-context.loader';
import { JobRepository } from '../jobs/job.repository';

/**
 * Publishes again what a trigger message dispatched (decision 0048): its jobs that are dispatched
 * and not finished. For a message that comes back after its transaction committed — the process
 * may have died before the broker confirmed its dispatches; a runner handles a dispatch it has
 * seen before once (the delivery key), so publishing one twice is safe, and losing one is not.
 */
@Injectable()
export class InFlightRedispatcher {
  constructor(
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly dispatch: DispatchWriter,
  ) {}

  /** Answers how many dispatches were published again. */
  async redispatch(tx: Tx, environmentId: string, transactionId: string, messageId: string): Promise<number> {
    const jobs = await this.jobs.inFlightOfTrigger(tx, environmentId, transactionId, messageId);
    if (jobs.length === 0) return 0;
    const context = await this.context.load(tx, environmentId, jobs, { preferences: false });
    const items = jobs.flatMap((job) => {
      const event = context.events.get(job.eventId);
      const subscriber = context.subscribers.get(job.subscriberPk);
      return event && subscriber ? [{ job, event, subscriber }] : [];
    });
    await this.dispatch.write(tx, items);
    return items.length;
  }
}
