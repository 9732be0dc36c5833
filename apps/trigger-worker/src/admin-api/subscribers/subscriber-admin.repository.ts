import {
  type ChannelCredentials,
  createContractMessage,
  RpcError,
  SUBSCRIBER_DELETED_V1,
  type SubscriberRef,
  TRIGGER_WORKER_RPC_ERRORS,
  WORKER_LIST_COUNT_CAP,
} from '@herald/contracts';
import { writeToOutbox } from '@herald/messaging';
import { DATA_SOURCE, txOf } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { SubscriberRepository } from '../../engine/chain/subscriber.repository';
import { TRIGGER_SCHEMA } from '../../platform/migrations/worker-migrations';
import { sqlRows } from '../../platform/sql/sql-rows';
import { decodeCursor, encodeCursor } from '../keyset-cursor';
import { SUBSCRIBER_ROW_COLUMNS, type SubscriberDto, type SubscriberRow, toSubscriberDto } from './subscriber.dto';

/** Filters and paging of the subscriber search (`GET /v2/subscribers`). */
export interface SubscriberSearch {
  environmentId: string;
  after?: string;
  before?: string;
  limit: number;
  orderDirection: 'ASC' | 'DESC';
  email?: string;
  phone?: string;
  subscriberId?: string;
  name?: string;
}

/** The search filters ($1 environment, $2 email prefix, $3 phone prefix, $4 subscriberId prefix, $5 name). */
const SEARCH_FILTERS = `s.environment_id = $1
  AND ($2::text IS NULL OR s.email ILIKE $2 || '%') AND ($3::text IS NULL OR s.phone LIKE $3 || '%')
  AND ($4::text IS NULL OR s.subscriber_id LIKE $4 || '%')
  AND ($5::text IS NULL OR concat_ws(' ', s.first_name, s.last_name) ILIKE '%' || $5 || '%')`;

/** The subscriber data routes the gateway proxies: read, create, patch, delete, list, search, online flag, credentials. */
@Injectable()
export class SubscriberAdminRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly subscribers: SubscriberRepository,
  ) {}

  async find(manager: EntityManager, environmentId: string, subscriberId: string): Promise<SubscriberDto | undefined> {
    const [row] = await sqlRows<SubscriberRow>(
      manager,
      `SELECT ${SUBSCRIBER_ROW_COLUMNS} FROM trigger.subscribers s WHERE s.environment_id = $1 AND s.subscriber_id = $2`,
      [environmentId, subscriberId],
    );
    return row ? toSubscriberDto(row) : undefined;
  }

  async get(environmentId: string, subscriberId: string): Promise<SubscriberDto> {
    const found = await this.find(this.dataSource.manager, environmentId, subscriberId);
    if (!found)
      throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
    return found;
  }

  /** Creates or updates (Novu's upsert); with `failIfExists` an existing subscriber is a conflict. */
  create(
    environmentId: string,
    organizationId: string,
    ref: SubscriberRef,
    failIfExists: boolean,
  ): Promise<SubscriberDto> {
    return this.dataSource.transaction(async (manager) => {
      if (failIfExists && (await this.find(manager, environmentId, ref.subscriberId))) {
        throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberExists, `subscriber ${ref.subscriberId} already exists`);
      }
      await this.subscribers.upsertRefs(txOf(manager), environmentId, organizationId, [ref]);
      return (await this.find(manager, environmentId, ref.subscriberId))!;
    });
  }

  /** Applies the given fields to an existing subscriber. */
  patch(environmentId: string, ref: SubscriberRef): Promise<SubscriberDto> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.find(manager, environmentId, ref.subscriberId);
      if (!existing)
        throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${ref.subscriberId} not found`);
      await this.subscribers.upsertRefs(txOf(manager), environmentId, existing._organizationId, [ref]);
      return (await this.find(manager, environmentId, ref.subscriberId))!;
    });
  }

  /**
   * Deletes a subscriber with its credentials, preferences and topic memberships (history stays)
   * and, in the same transaction, announces it with `subscriber.deleted.v1` (every gateway replica
   * ends the subscriber's inbox streams; non-mandatory: only live replicas care).
   */
  delete(environmentId: string, subscriberId: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await sqlRows<{ id: string }>(
        manager,
        'DELETE FROM trigger.subscribers WHERE environment_id = $1 AND subscriber_id = $2 RETURNING id',
        [environmentId, subscriberId],
      );
      if (rows.length === 0)
        throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
      await writeToOutbox(manager, TRIGGER_SCHEMA, {
        envelope: createContractMessage(SUBSCRIBER_DELETED_V1, {
          environmentId,
          subscriberId,
          deletedAt: new Date().toISOString(),
        }),
        mandatory: false,
      });
    });
  }

  /** Offset paging for `GET /v1/subscribers`: oldest first, so a page stays put while new subscribers arrive. */
  async list(
    environmentId: string,
    page: number,
    limit: number,
  ): Promise<{ page: number; hasMore: boolean; pageSize: number; totalCount: number; data: SubscriberDto[] }> {
    const rows = await sqlRows<SubscriberRow>(
      this.dataSource.manager,
      `SELECT ${SUBSCRIBER_ROW_COLUMNS} FROM trigger.subscribers s WHERE s.environment_id = $1
       ORDER BY s.created_at, s.id LIMIT $2 OFFSET $3`,
      [environmentId, limit + 1, page * limit],
    );
    const [{ total }] = await sqlRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM trigger.subscribers WHERE environment_id = $1 LIMIT $2) capped`,
      [environmentId, WORKER_LIST_COUNT_CAP],
    );
    return {
      page,
      hasMore: rows.length > limit,
      pageSize: limit,
      totalCount: total,
      data: rows.slice(0, limit).map(toSubscriberDto),
    };
  }

  /** Sets the online flag (Novu's `UpdateSubscriberOnlineFlag`): going offline stamps `lastOnlineAt`. */
  async setOnlineStatus(environmentId: string, subscriberId: string, isOnline: boolean): Promise<SubscriberDto> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource.manager,
      `UPDATE trigger.subscribers SET is_online = $3,
         last_online_at = CASE WHEN $3 THEN last_online_at ELSE now() END, updated_at = now()
       WHERE environment_id = $1 AND subscriber_id = $2 RETURNING id`,
      [environmentId, subscriberId, isOnline],
    );
    if (rows.length === 0)
      throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
    return this.get(environmentId, subscriberId);
  }

  /** Upserts up to 500 subscribers, reporting which were created and which updated. */
  bulk(
    environmentId: string,
    organizationId: string,
    refs: SubscriberRef[],
  ): Promise<{
    created: { subscriberId: string }[];
    updated: { subscriberId: string }[];
    failed: { subscriberId: string; message: string }[];
  }> {
    return this.dataSource.transaction(async (manager) => {
      const ids = [...new Set(refs.map((ref) => ref.subscriberId))];
      const existing = await sqlRows<{ subscriber_id: string }>(
        manager,
        'SELECT subscriber_id FROM trigger.subscribers WHERE environment_id = $1 AND subscriber_id = ANY($2::text[])',
        [environmentId, ids],
      );
      const known = new Set(existing.map((row) => row.subscriber_id));
      await this.subscribers.upsertRefs(txOf(manager), environmentId, organizationId, refs);
      return {
        created: ids.filter((id) => !known.has(id)).map((subscriberId) => ({ subscriberId })),
        updated: ids.filter((id) => known.has(id)).map((subscriberId) => ({ subscriberId })),
        failed: [],
      };
    });
  }

  /** Keyset search, newest first by default; `next`/`previous` are opaque cursors; matches counted up to the cap. */
  async search(query: SubscriberSearch): Promise<{
    data: SubscriberDto[];
    next: string | null;
    previous: string | null;
    totalCount: number;
    totalCountCapped: boolean;
  }> {
    const backwards = Boolean(query.before) && !query.after;
    const position = decodeCursor(backwards ? query.before : query.after);
    const descending = query.orderDirection === 'DESC';
    // Walking backwards flips both the comparison and the order, then the page is reversed.
    const forwardOrder = descending !== backwards;
    const params: unknown[] = [
      query.environmentId,
      query.email ?? null,
      query.phone ?? null,
      query.subscriberId ?? null,
      query.name ?? null,
      query.limit + 1,
    ];
    let keyset = '';
    if (position) {
      params.push(position);
      keyset = `AND (s.created_at, s.id) ${forwardOrder ? '<' : '>'} (SELECT c.created_at, c.id FROM trigger.subscribers c WHERE c.environment_id = $1 AND c.id = $7::uuid)`;
    }
    const rows = await sqlRows<SubscriberRow>(
      this.dataSource.manager,
      `SELECT ${SUBSCRIBER_ROW_COLUMNS} FROM trigger.subscribers s
       WHERE ${SEARCH_FILTERS}
         ${keyset}
       ORDER BY s.created_at ${forwardOrder ? 'DESC' : 'ASC'}, s.id ${forwardOrder ? 'DESC' : 'ASC'} LIMIT $6`,
      params,
    );
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    if (backwards) page.reverse();
    const cursorOf = (row: SubscriberRow | undefined) => (row ? encodeCursor(row.id) : null);
    const [{ total }] = await sqlRows<{ total: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM trigger.subscribers s WHERE ${SEARCH_FILTERS} LIMIT $6) capped`,
      [...params.slice(0, 5), WORKER_LIST_COUNT_CAP + 1],
    );
    return {
      totalCount: Math.min(total, WORKER_LIST_COUNT_CAP),
      totalCountCapped: total > WORKER_LIST_COUNT_CAP,
      data: page.map(toSubscriberDto),
      next: backwards ? cursorOf(page[page.length - 1]) : more ? cursorOf(page[page.length - 1]) : null,
      previous: backwards ? (more ? cursorOf(page[0]) : null) : position ? cursorOf(page[0]) : null,
    };
  }

  /** Sets one provider's credentials: `replace` (PUT) overwrites, `append` (PATCH) merges and adds device tokens. */
  setCredentials(
    environmentId: string,
    subscriberId: string,
    providerId: string,
    integrationIdentifier: string,
    credentials: ChannelCredentials,
    mode: 'replace' | 'append',
  ): Promise<SubscriberDto> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.find(manager, environmentId, subscriberId);
      if (!existing)
        throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
      const merge =
        mode === 'replace'
          ? 'EXCLUDED.credentials'
          : `trigger.subscriber_channels.credentials || EXCLUDED.credentials || CASE WHEN EXCLUDED.credentials ? 'deviceTokens' THEN jsonb_build_object('deviceTokens',
               (SELECT COALESCE(jsonb_agg(DISTINCT t), '[]'::jsonb) FROM jsonb_array_elements_text(COALESCE(trigger.subscriber_channels.credentials->'deviceTokens', '[]'::jsonb) || (EXCLUDED.credentials->'deviceTokens')) AS t))
             ELSE '{}'::jsonb END`;
      await manager.query(
        `INSERT INTO trigger.subscriber_channels (environment_id, subscriber_pk, provider_id, integration_identifier, credentials) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (subscriber_pk, provider_id, integration_identifier) DO UPDATE SET credentials = ${merge}, updated_at = now()`,
        [environmentId, existing._id, providerId, integrationIdentifier, JSON.stringify(credentials)],
      );
      return (await this.find(manager, environmentId, subscriberId))!;
    });
  }

  /** Removes one provider's credentials (every integration of it when none is named). */
  async deleteCredentials(
    environmentId: string,
    subscriberId: string,
    providerId: string,
    integrationIdentifier?: string,
  ): Promise<void> {
    const existing = await this.find(this.dataSource.manager, environmentId, subscriberId);
    if (!existing)
      throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.subscriberNotFound, `subscriber ${subscriberId} not found`);
    await this.dataSource.query(
      `DELETE FROM trigger.subscriber_channels WHERE environment_id = $1 AND subscriber_pk = $2 AND provider_id = $3 AND ($4::text IS NULL OR integration_identifier = $4)`,
      [environmentId, existing._id, providerId, integrationIdentifier ?? null],
    );
  }
}
