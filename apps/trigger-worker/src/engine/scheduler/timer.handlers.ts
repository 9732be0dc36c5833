import { Injectable } from '@nestjs/common';
import { JobStatus } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { DispatchWriter } from '../chain/dispatch.writer';
import { JobChainAdvancer } from '../chain/job-chain.advancer';
import { JobContextLoader } from '../chain/job-context.loader';
import { DigestCoordinator } from '../../steps/digest/digest.coordinator';
import { WorkerMetrics } from '../../platform/worker.metrics';
import { JobRepository } from '../jobs/job.repository';
import type { TimerKind } from './timer.repository';
import { FanoutRunner } from '../../intake/fanout.runner';

/**
 * What each kind of timer does when it fires, set-based per (kind, environment). A timer whose
 * job moved on meanwhile (canceled, taken over) is stale and does nothing. Returns the subjects
 * whose timer must fire again (a fan-out with pages left).
 */
@Injectable()
export class TimerHandlers {
  constructor(
    private readonly jobs: JobRepository,
    private readonly advancer: JobChainAdvancer,
    private readonly digests: DigestCoordinator,
    private readonly context: JobContextLoader,
    private readonly dispatch: DispatchWriter,
    private readonly fanout: FanoutRunner,
    private readonly metrics: WorkerMetrics,
  ) {}

  async fire(manager: EntityManager, environmentId: string, kind: TimerKind, subjectIds: readonly string[]): Promise<Set<string>> {
    switch (kind) {
      case 'delay':
        await this.finishDelays(manager, environmentId, subjectIds);
        return new Set();
      case 'digest':
        await this.advancer.startAfter(manager, environmentId, await this.digests.close(manager, environmentId, subjectIds));
        return new Set();
      case 'retry':
        await this.redispatch(manager, environmentId, subjectIds);
        return new Set();
      case 'fanout': {
        const again = new Set<string>();
        for (const eventId of subjectIds) if ((await this.fanout.runBatch(manager, environmentId, eventId)) === 'more') again.add(eventId);
        return again;
      }
    }
  }

  private async finishDelays(manager: EntityManager, environmentId: string, ids: readonly string[]): Promise<void> {
    const delayed = (await this.jobs.lock(manager, environmentId, ids)).filter((job) => job.status === JobStatus.DELAYED);
    const applied = await this.jobs.transition(manager, environmentId, delayed.map((job) => ({ job, to: JobStatus.COMPLETED, cause: 'worker' as const, detail: 'Delay finished' })));
    this.metrics.jobTransitions.inc({ status: JobStatus.COMPLETED }, applied.size);
    await this.advancer.startAfter(manager, environmentId, [...applied]);
  }

  /** A retry's back-off is over: the QUEUED job is dispatched again with its new attempt number. */
  private async redispatch(manager: EntityManager, environmentId: string, ids: readonly string[]): Promise<void> {
    const queued = (await this.jobs.lock(manager, environmentId, ids)).filter((job) => job.status === JobStatus.QUEUED);
    if (queued.length === 0) return;
    const context = await this.context.load(manager, environmentId, queued, { preferences: false });
    const gone = queued.filter((job) => !context.subscribers.has(job.subscriberPk));
    await this.jobs.transition(manager, environmentId, gone.map((job) => ({ job, to: JobStatus.CANCELED, cause: 'worker' as const, detail: 'Subscriber no longer exists' })));
    await this.advancer.startAfter(manager, environmentId, gone.map((job) => job.id));
    const ready = queued.filter((job) => context.subscribers.has(job.subscriberPk));
    await this.dispatch.write(manager, ready.map((job) => ({ job, event: context.events.get(job.eventId)!, subscriber: context.subscribers.get(job.subscriberPk)! })));
    for (const job of ready) await this.jobs.note(manager, environmentId, job, `Retry: attempt ${job.attempt} dispatched`);
  }
}
