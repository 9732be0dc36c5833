import { Inject, Injectable } from '@nestjs/common';
import type { TopicRef } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { JobChainAdvancer } from '../engine/chain/job-chain.advancer';
import { WORKER_SETTINGS, type WorkerSettings } from '../platform/config/worker-settings';
import { WorkerMetrics } from '../platform/worker.metrics';
import { ChainRepository } from './chain.repository';
import { EventRepository, type FanoutCursor, type StoredEvent } from '../engine/chain/event.repository';
import { sqlRows } from '../platform/sql/sql-rows';
import type { SubscriberKey } from '../engine/chain/subscriber.repository';

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
    private readonly advancer: JobChainAdvancer,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /** Fires `fanout` timers: one page of each event's fan-out. Returns the events with pages left. */
  async runPages(manager: EntityManager, environmentId: string, eventIds: readonly string[]): Promise<Set<string>> {
    const more = new Set<string>();
    for (const eventId of eventIds) if ((await this.runBatch(manager, environmentId, eventId)) === 'more') more.add(eventId);
    return more;
  }

  /** Runs one page of the event's fan-out; 'more' when pages remain. */
  async runBatch(manager: EntityManager, environmentId: string, eventId: string): Promise<'done' | 'more'> {
    const cursor = await this.events.lockFanout(manager, environmentId, eventId);
    if (!cursor) return 'done';
    const event = (await this.events.findByIds(manager, environmentId, [eventId])).get(eventId);
    if (!event) return 'done';
    const { page, next } = await this.page(manager, event, cursor);
    const firstJobs = await this.chains.create(manager, event, page);
    this.metrics.notifications.inc(firstJobs.length);
    await this.advancer.startCreated(manager, environmentId, firstJobs);
    await this.events.saveFanout(manager, environmentId, eventId, next);
    return next ? 'more' : 'done';
  }

  private async page(manager: EntityManager, event: StoredEvent, cursor: FanoutCursor): Promise<{ page: SubscriberKey[]; next?: FanoutCursor }> {
    const limit = this.settings.fanoutBatchSize;
    const topics = event.recipients.filter((recipient): recipient is TopicRef => recipient.type === 'Topic');
    const actor = event.actor ? [event.actor.subscriberId] : [];
    if (cursor.source < topics.length) {
      const topic = topics[cursor.source];
      const page = await sqlRows<SubscriberKey>(
        manager,
        `SELECT ts.subscriber_pk AS pk, ts.subscriber_id AS "subscriberId"
         FROM trigger.topics t JOIN trigger.topic_subscribers ts ON ts.topic_id = t.id AND ts.environment_id = t.environment_id
         WHERE t.environment_id = $1 AND t.key = $2 AND ts.subscriber_id > $3 AND NOT (ts.subscriber_id = ANY($4::text[]))
         ORDER BY ts.subscriber_id LIMIT $5`,
        [event.environmentId, topic.topicKey, cursor.after, [...(topic.exclude ?? []), ...actor], limit],
      );
      const next = page.length < limit ? { source: cursor.source + 1, after: '' } : { source: cursor.source, after: page[page.length - 1].subscriberId };
      return { page, next: next.source < topics.length || event.kind === 'broadcast' ? next : undefined };
    }
    if (event.kind !== 'broadcast') return { page: [] };
    const page = await sqlRows<SubscriberKey>(
      manager,
      `SELECT id AS pk, subscriber_id AS "subscriberId" FROM trigger.subscribers
       WHERE environment_id = $1 AND subscriber_id > $2 AND NOT (subscriber_id = ANY($3::text[])) ORDER BY subscriber_id LIMIT $4`,
      [event.environmentId, cursor.after, actor, limit],
    );
    return { page, next: page.length < limit ? undefined : { source: cursor.source, after: page[page.length - 1].subscriberId } };
  }
}
