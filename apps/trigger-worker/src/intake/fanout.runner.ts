import type { TopicRef } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { EventRepository, type FanoutCursor, type StoredEvent } from '../engine/chain/event.repository';
import { JobChainAdvancer } from '../engine/chain/job-chain.advancer';
import type { SubscriberKey } from '../engine/chain/subscriber.repository';
import { WORKER_SETTINGS, type WorkerSettings } from '../platform/config/worker-settings';
import { WorkerMetrics } from '../platform/worker.metrics';
import { ChainRepository } from './chain.repository';
import { FanoutAudienceRepository } from './fanout-audience.repository';

/**
 * Topic and broadcast fan-out, one keyset page per transaction: read the next subscribers after
 * the saved cursor, create their notifications and chains set-based, start the first jobs, save
 * the cursor. A worker dying half-way loses nothing: the next run resumes from the cursor, and
 * the unique (event, subscriber) notification key skips anyone already done.
 */
@Injectable()
export class FanoutRunner {
  constructor(
    private readonly events: EventRepository,
    private readonly chains: ChainRepository,
    private readonly audience: FanoutAudienceRepository,
    private readonly advancer: JobChainAdvancer,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /** Fires `fanout` timers: one page of each event's fan-out. Returns the events with pages left. */
  async runPages(tx: Tx, environmentId: string, eventIds: readonly string[]): Promise<Set<string>> {
    const more = new Set<string>();
    for (const eventId of eventIds) if ((await this.runBatch(tx, environmentId, eventId)) === 'more') more.add(eventId);
    return more;
  }

  /** Runs one page of the event's fan-out; 'more' when pages remain. */
  async runBatch(tx: Tx, environmentId: string, eventId: string): Promise<'done' | 'more'> {
    const cursor = await this.events.lockFanout(tx, environmentId, eventId);
    if (!cursor) return 'done';
    const event = (await this.events.findByIds(tx, environmentId, [eventId])).get(eventId);
    if (!event) return 'done';
    const { page, next } = await this.page(tx, event, cursor);
    const firstJobs = await this.chains.create(tx, event, page);
    this.metrics.notifications.inc(firstJobs.length);
    await this.advancer.startCreated(tx, environmentId, firstJobs);
    await this.events.saveFanout(tx, environmentId, eventId, next);
    return next ? 'more' : 'done';
  }

  private async page(
    tx: Tx,
    event: StoredEvent,
    cursor: FanoutCursor,
  ): Promise<{ page: SubscriberKey[]; next?: FanoutCursor }> {
    const limit = this.settings.fanoutBatchSize;
    const topics = event.recipients.filter((recipient): recipient is TopicRef => recipient.type === 'Topic');
    const actor = event.actor ? [event.actor.subscriberId] : [];
    if (cursor.source < topics.length) {
      const topic = topics[cursor.source];
      const exclude = [...(topic.exclude ?? []), ...actor];
      const page = await this.audience.topicPage(tx, event.environmentId, topic.topicKey, cursor.after, exclude, limit);
      const next =
        page.length < limit
          ? { source: cursor.source + 1, after: '' }
          : { source: cursor.source, after: page[page.length - 1].subscriberId };
      return { page, next: next.source < topics.length || event.kind === 'broadcast' ? next : undefined };
    }
    if (event.kind !== 'broadcast') return { page: [] };
    const page = await this.audience.broadcastPage(tx, event.environmentId, cursor.after, actor, limit);
    return {
      page,
      next: page.length < limit ? undefined : { source: cursor.source, after: page[page.length - 1].subscriberId },
    };
  }
}
