import { RpcError, TRIGGER_WORKER_RPC_ERRORS, WORKER_LIST_COUNT_CAP } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import { type SubscriptionDto, TOPIC_COLUMNS, type TopicDto, type TopicRow, toTopicDto } from './topic.dto';

/** A page of a keyset-paginated list, with its matches counted up to `WORKER_LIST_COUNT_CAP`. */
export interface Page<T> {
  data: T[];
  next: string | null;
  previous: string | null;
  totalCount: number;
  totalCountCapped: boolean;
}

/** The count fields of a page, from a count taken with `LIMIT cap + 1`. */
function counted(total: number): Pick<Page<unknown>, 'totalCount' | 'totalCountCapped'> {
  return { totalCount: Math.min(total, WORKER_LIST_COUNT_CAP), totalCountCapped: total > WORKER_LIST_COUNT_CAP };
}

interface SubscriptionRow {
  id: string;
  subscriptionName: string | null;
  createdAt: Date;
  updatedAt: Date;
  topicId: string;
  key: string;
  name: string | null;
  subscriberPk: string;
  subscriberId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  avatar: string | null;
}

/** Select list of a `SubscriptionRow` from `trigger.topic_subscribers ts`, `trigger.topics t` and `trigger.subscribers s`. */
const SUBSCRIPTION_COLUMNS = `ts.id, ts.name AS "subscriptionName", ts.created_at AS "createdAt", COALESCE(ts.updated_at, ts.created_at) AS "updatedAt", t.id AS "topicId", t.key, t.name,
       s.id AS "subscriberPk", s.subscriber_id AS "subscriberId", s.first_name AS "firstName", s.last_name AS "lastName", s.email, s.phone, s.avatar`;

/** Topics and their subscriptions for the `/v2/topics` routes. */
@Injectable()
export class TopicAdminRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Creates the topic, or renames it when it exists (Novu's upsert). */
  async upsert(environmentId: string, key: string, name: string | undefined): Promise<TopicDto> {
    const [row] = await sqlRows<TopicRow>(
      this.dataSource.manager,
      `INSERT INTO trigger.topics AS t (environment_id, key, name) VALUES ($1, $2, $3)
       ON CONFLICT (environment_id, key) DO UPDATE SET name = COALESCE(EXCLUDED.name, t.name), updated_at = now()
       RETURNING ${TOPIC_COLUMNS}`,
      [environmentId, key, name ?? null],
    );
    return toTopicDto(row);
  }

  async get(environmentId: string, key: string, manager: EntityManager = this.dataSource.manager): Promise<TopicDto> {
    const [row] = await sqlRows<TopicRow>(
      manager,
      `SELECT ${TOPIC_COLUMNS} FROM trigger.topics t WHERE t.environment_id = $1 AND t.key = $2`,
      [environmentId, key],
    );
    if (!row) throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.topicNotFound, `topic ${key} not found`);
    return toTopicDto(row);
  }

  async rename(environmentId: string, key: string, name: string): Promise<TopicDto> {
    const [row] = await sqlRows<TopicRow>(
      this.dataSource.manager,
      `UPDATE trigger.topics t SET name = $3, updated_at = now() WHERE t.environment_id = $1 AND t.key = $2 RETURNING ${TOPIC_COLUMNS}`,
      [environmentId, key, name],
    );
    if (!row) throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.topicNotFound, `topic ${key} not found`);
    return toTopicDto(row);
  }

  async delete(environmentId: string, key: string): Promise<void> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource.manager,
      'DELETE FROM trigger.topics WHERE environment_id = $1 AND key = $2 RETURNING id',
      [environmentId, key],
    );
    if (rows.length === 0) throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.topicNotFound, `topic ${key} not found`);
  }

  /** Topics newest first, filtered by key or name prefix. */
  async list(
    environmentId: string,
    query: { after?: string; limit: number; key?: string; name?: string },
  ): Promise<Page<TopicDto>> {
    const position = decodeCursor(query.after);
    const rows = await sqlRows<TopicRow>(
      this.dataSource.manager,
      `SELECT ${TOPIC_COLUMNS} FROM trigger.topics t WHERE t.environment_id = $1 AND ($2::text IS NULL OR t.key LIKE $2 || '%') AND ($3::text IS NULL OR t.name ILIKE '%' || $3 || '%')
         AND ($5::uuid IS NULL OR (t.created_at, t.id) < (SELECT c.created_at, c.id FROM trigger.topics c WHERE c.environment_id = $1 AND c.id = $5::uuid))
       ORDER BY t.created_at DESC, t.id DESC LIMIT $4`,
      [environmentId, query.key ?? null, query.name ?? null, query.limit + 1, position ?? null],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const [{ total }] = await sqlRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM trigger.topics t WHERE t.environment_id = $1 AND ($2::text IS NULL OR t.key LIKE $2 || '%') AND ($3::text IS NULL OR t.name ILIKE '%' || $3 || '%') LIMIT $4) capped`,
      [environmentId, query.key ?? null, query.name ?? null, WORKER_LIST_COUNT_CAP + 1],
    );
    return {
      data: page.map(toTopicDto),
      next: rows.length > query.limit && last ? encodeCursor(last.id) : null,
      previous: null,
      ...counted(total),
    };
  }

  /** Subscribes existing subscribers (creating the topic if needed); unknown ones are reported. */
  subscribe(
    environmentId: string,
    key: string,
    subscriberIds: string[],
  ): Promise<{
    data: SubscriptionDto[];
    meta: { totalCount: number; successful: number; failed: number };
    errors: { subscriberId: string; code: string; message: string }[];
  }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO trigger.topics (environment_id, key, name) VALUES ($1, $2, $2) ON CONFLICT (environment_id, key) DO NOTHING`,
        [environmentId, key],
      );
      await manager.query(
        `INSERT INTO trigger.topic_subscribers (environment_id, topic_id, subscriber_id, subscriber_pk)
         SELECT $1, t.id, s.subscriber_id, s.id FROM trigger.topics t JOIN trigger.subscribers s ON s.environment_id = t.environment_id
         WHERE t.environment_id = $1 AND t.key = $2 AND s.subscriber_id = ANY($3::text[]) ORDER BY s.subscriber_id ON CONFLICT DO NOTHING`,
        [environmentId, key, subscriberIds],
      );
      const rows = await this.subscriptionRows(manager, environmentId, key, {
        subscriberIds,
        limit: subscriberIds.length + 1,
      });
      const found = new Set(rows.map((row) => row.subscriberId));
      const errors = [...new Set(subscriberIds)]
        .filter((id) => !found.has(id))
        .map((subscriberId) => ({
          subscriberId,
          code: 'SUBSCRIBER_NOT_FOUND',
          message: `subscriber ${subscriberId} not found`,
        }));
      return {
        data: rows.map(toSubscriptionDto),
        meta: { totalCount: new Set(subscriberIds).size, successful: rows.length, failed: errors.length },
        errors,
      };
    });
  }

  /**
   * Names one subscriber's subscription to the topic (`name` undefined leaves it, `null` clears it).
   * `null` when the subscriber is not subscribed; a missing topic is `topic_not_found`.
   */
  updateSubscription(
    environmentId: string,
    key: string,
    subscriberId: string,
    name: string | null | undefined,
  ): Promise<SubscriptionDto | null> {
    return this.dataSource.transaction(async (manager) => {
      await this.get(environmentId, key, manager);
      if (name !== undefined)
        await manager.query(
          `UPDATE trigger.topic_subscribers ts SET name = $4, updated_at = now() FROM trigger.topics t
            WHERE t.id = ts.topic_id AND t.environment_id = $1 AND ts.environment_id = $1 AND t.key = $2 AND ts.subscriber_id = $3`,
          [environmentId, key, subscriberId, name],
        );
      const [row] = await this.subscriptionRows(manager, environmentId, key, {
        subscriberIds: [subscriberId],
        limit: 1,
      });
      return row ? toSubscriptionDto(row) : null;
    });
  }

  /** Removes subscriptions; returns the ones removed. */
  unsubscribe(
    environmentId: string,
    key: string,
    subscriberIds: string[],
  ): Promise<{ data: SubscriptionDto[]; meta: { totalCount: number; successful: number; failed: number } }> {
    return this.dataSource.transaction(async (manager) => {
      await this.get(environmentId, key, manager);
      const rows = await this.subscriptionRows(manager, environmentId, key, {
        subscriberIds,
        limit: subscriberIds.length + 1,
      });
      await manager.query(
        'DELETE FROM trigger.topic_subscribers ts USING trigger.topics t WHERE t.id = ts.topic_id AND t.environment_id = $1 AND ts.environment_id = $1 AND t.key = $2 AND ts.subscriber_id = ANY($3::text[])',
        [environmentId, key, subscriberIds],
      );
      const total = new Set(subscriberIds).size;
      return {
        data: rows.map(toSubscriptionDto),
        meta: { totalCount: total, successful: rows.length, failed: total - rows.length },
      };
    });
  }

  /** A topic's subscriptions in subscriberId order (keyset on subscriberId). */
  async subscriptions(
    environmentId: string,
    key: string,
    query: { after?: string; limit: number; subscriberId?: string },
  ): Promise<Page<SubscriptionDto>> {
    await this.get(environmentId, key);
    const rows = await this.subscriptionRows(this.dataSource.manager, environmentId, key, {
      after: query.after,
      limit: query.limit + 1,
      subscriberIds: query.subscriberId ? [query.subscriberId] : undefined,
    });
    const page = rows.slice(0, query.limit);
    const [{ total }] = await sqlRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM trigger.topics t JOIN trigger.topic_subscribers ts ON ts.topic_id = t.id AND ts.environment_id = t.environment_id
         WHERE t.environment_id = $1 AND t.key = $2 AND ($3::text IS NULL OR ts.subscriber_id = $3) LIMIT $4) capped`,
      [environmentId, key, query.subscriberId ?? null, WORKER_LIST_COUNT_CAP + 1],
    );
    return {
      data: page.map(toSubscriptionDto),
      next: rows.length > query.limit ? page[page.length - 1].subscriberId : null,
      previous: null,
      ...counted(total),
    };
  }

  /**
   * One subscriber's subscriptions (`GET /v2/subscribers/:id/subscriptions`), newest first unless
   * `ASC`, optionally to one topic; keyset on (created_at, id), the cursor naming the last row.
   */
  async subscriberTopics(
    environmentId: string,
    query: { subscriberId: string; key?: string; after?: string; limit: number; orderDirection: 'ASC' | 'DESC' },
  ): Promise<Page<SubscriptionDto>> {
    const [subscriber] = await sqlRows<{ id: string }>(
      this.dataSource.manager,
      'SELECT id FROM trigger.subscribers WHERE environment_id = $1 AND subscriber_id = $2',
      [environmentId, query.subscriberId],
    );
    if (!subscriber)
      throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${query.subscriberId} not found`);
    const [order, beyond] = query.orderDirection === 'ASC' ? ['ASC', '>'] : ['DESC', '<'];
    const position = decodeCursor(query.after);
    const rows = await sqlRows<SubscriptionRow>(
      this.dataSource.manager,
      `SELECT ${SUBSCRIPTION_COLUMNS}
       FROM trigger.topic_subscribers ts
       JOIN trigger.topics t ON t.id = ts.topic_id AND t.environment_id = ts.environment_id
       JOIN trigger.subscribers s ON s.id = ts.subscriber_pk AND s.environment_id = ts.environment_id
       WHERE ts.environment_id = $1 AND ts.subscriber_pk = $2 AND ($3::text IS NULL OR t.key = $3)
         AND ($4::uuid IS NULL OR (ts.created_at, ts.id) ${beyond} (SELECT c.created_at, c.id FROM trigger.topic_subscribers c WHERE c.environment_id = $1 AND c.id = $4::uuid))
       ORDER BY ts.created_at ${order}, ts.id ${order} LIMIT $5`,
      [environmentId, subscriber.id, query.key ?? null, position ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const [{ total }] = await sqlRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM trigger.topic_subscribers ts JOIN trigger.topics t ON t.id = ts.topic_id AND t.environment_id = ts.environment_id
         WHERE ts.environment_id = $1 AND ts.subscriber_pk = $2 AND ($3::text IS NULL OR t.key = $3) LIMIT $4) capped`,
      [environmentId, subscriber.id, query.key ?? null, WORKER_LIST_COUNT_CAP + 1],
    );
    return {
      data: page.map(toSubscriptionDto),
      next: rows.length > query.limit && last ? encodeCursor(last.id) : null,
      previous: null,
      ...counted(total),
    };
  }

  private subscriptionRows(
    manager: EntityManager,
    environmentId: string,
    key: string,
    filter: { subscriberIds?: string[]; after?: string; limit: number },
  ): Promise<SubscriptionRow[]> {
    return sqlRows<SubscriptionRow>(
      manager,
      `SELECT ${SUBSCRIPTION_COLUMNS}
       FROM trigger.topics t JOIN trigger.topic_subscribers ts ON ts.topic_id = t.id AND ts.environment_id = t.environment_id
       JOIN trigger.subscribers s ON s.id = ts.subscriber_pk AND s.environment_id = ts.environment_id
       WHERE t.environment_id = $1 AND t.key = $2 AND ($3::text[] IS NULL OR ts.subscriber_id = ANY($3::text[])) AND ts.subscriber_id > $4
       ORDER BY ts.subscriber_id LIMIT $5`,
      [environmentId, key, filter.subscriberIds ?? null, filter.after ?? '', filter.limit],
    );
  }
}

function toSubscriptionDto(row: SubscriptionRow): SubscriptionDto {
  return {
    _id: row.id,
    name: row.subscriptionName,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    topic: { _id: row.topicId, key: row.key, name: row.name },
    subscriber: {
      _id: row.subscriberPk,
      subscriberId: row.subscriberId,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      phone: row.phone,
      avatar: row.avatar,
    },
  };
}
