import type {
  InboxNotification,
  InboxNotificationFilter,
  InboxNotificationsBulkRequest,
  InboxNotificationsListResponse,
  InboxNotificationUpdateRequest,
} from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { IN_APP_SCHEMA } from './inbox.repository';

const TABLE = `${IN_APP_SCHEMA}.inbox_messages`;
const COLUMNS = `id, seq, subscriber_id, transaction_id, workflow_id, workflow_identifier, step_id, subject, body, avatar,
  primary_action, secondary_action, redirect, data, seen, read, archived, seen_at, read_at, archived_at, created_at,
  snoozed_until, COALESCE(snoozed_until > now(), false) AS snoozed, primary_action_completed, secondary_action_completed`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface NotificationRow {
  id: string;
  seq: string;
  subscriber_id: string;
  transaction_id: string;
  workflow_id: string;
  workflow_identifier: string;
  step_id: string;
  subject: string | null;
  body: string;
  avatar: string | null;
  primary_action: InboxNotification['primaryAction'];
  secondary_action: InboxNotification['secondaryAction'];
  redirect: InboxNotification['redirect'];
  data: Record<string, unknown>;
  seen: boolean;
  read: boolean;
  archived: boolean;
  seen_at: Date | null;
  read_at: Date | null;
  archived_at: Date | null;
  created_at: Date;
  snoozed_until: Date | null;
  snoozed: boolean;
  primary_action_completed: boolean;
  secondary_action_completed: boolean;
}

const READ = 'read = true, seen = true, read_at = COALESCE(read_at, now()), seen_at = COALESCE(seen_at, now())';
const ARCHIVE = `archived = true, archived_at = COALESCE(archived_at, now()), ${READ}`;

/** What each single action sets (`delete` removes the row instead). */
const SETS: Record<Exclude<InboxNotificationUpdateRequest['action'], 'delete' | 'complete' | 'revert'>, string> = {
  read: READ,
  unread: 'read = false, read_at = NULL',
  seen: 'seen = true, seen_at = COALESCE(seen_at, now())',
  // As @novu/js' optimistic updates: archiving reads, unarchiving leaves it read.
  archive: ARCHIVE,
  unarchive: `archived = false, archived_at = NULL, ${READ}`,
  // A new snooze's end is announced again by the snooze sweep (InboxSnoozeSweep).
  snooze: 'snoozed_until = $4::timestamptz, snooze_end_announced = false',
  unsnooze: 'snoozed_until = NULL',
};

/** What each bulk action sets, and which rows it changes (so its count is of real changes). */
const BULK: Record<Exclude<InboxNotificationsBulkRequest['action'], 'delete'>, { set: string; changes: string }> = {
  read: { set: READ, changes: 'NOT read AND NOT archived' },
  seen: { set: 'seen = true, seen_at = COALESCE(seen_at, now())', changes: 'NOT seen' },
  archive: { set: ARCHIVE, changes: 'NOT archived' },
  'read-archive': { set: ARCHIVE, changes: 'read AND NOT archived' },
};

/** A WHERE clause under construction; `$1` and `$2` are always the environment and subscriber. */
class Where {
  readonly params: unknown[];
  private readonly clauses = ['environment_id = $1', 'subscriber_id = $2'];

  constructor(environmentId: string, subscriberId: string) {
    this.params = [environmentId, subscriberId];
  }

  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  add(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  filter(filter: InboxNotificationFilter): this {
    if (filter.read !== undefined) this.add(`read = ${this.param(filter.read)}`);
    if (filter.seen !== undefined) this.add(`seen = ${this.param(filter.seen)}`);
    if (filter.archived !== undefined) this.add(`archived = ${this.param(filter.archived)}`);
    if (filter.snoozed === true) this.add('snoozed_until > now()');
    if (filter.snoozed === false) this.add('(snoozed_until IS NULL OR snoozed_until <= now())');
    if (filter.workflowIds !== undefined) this.add(`workflow_id = ANY(${this.param(filter.workflowIds)}::text[])`);
    for (const [key, value] of Object.entries(filter.data ?? {})) {
      const values = JSON.stringify(Array.isArray(value) ? value : [value]);
      this.add(
        `EXISTS (SELECT 1 FROM jsonb_array_elements(${this.param(values)}::jsonb) v WHERE data -> ${this.param(key)}::text = v)`,
      );
    }
    if (filter.createdGte) this.add(`created_at >= ${this.param(filter.createdGte)}::timestamptz`);
    if (filter.createdLte) this.add(`created_at <= ${this.param(filter.createdLte)}::timestamptz`);
    return this;
  }

  toString(): string {
    return this.clauses.join(' AND ');
  }
}

/**
 * The inbox as Novu's `/v1/inbox/notifications` routes see it: filtered pages and counts, and the
 * actions on one or many notifications. Every statement is scoped to one environment and
 * subscriber; an id of another subscriber's notification simply matches nothing.
 */
@Injectable()
export class InboxNotificationsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(query: {
    environmentId: string;
    subscriberId: string;
    limit: number;
    offset: number;
    after?: string;
    filter: InboxNotificationFilter;
  }): Promise<InboxNotificationsListResponse> {
    const where = new Where(query.environmentId, query.subscriberId).filter(query.filter);
    if (query.after !== undefined) {
      if (!UUID.test(query.after)) return { data: [], hasMore: false };
      where.add(
        `(created_at, seq) < (SELECT created_at, seq FROM ${TABLE} WHERE environment_id = $1 AND subscriber_id = $2 AND id = ${where.param(query.after)}::uuid)`,
      );
    }
    const limit = where.param(query.limit + 1);
    const offset = where.param(query.offset);
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${where} ORDER BY created_at DESC, seq DESC LIMIT ${limit} OFFSET ${offset}`,
      where.params,
    );
    return { data: rows.slice(0, query.limit).map(toNotification), hasMore: rows.length > query.limit };
  }

  async count(scope: { environmentId: string; subscriberId: string }, filters: InboxNotificationFilter[]) {
    return Promise.all(
      filters.map(async (filter) => {
        const where = new Where(scope.environmentId, scope.subscriberId).filter(filter);
        const [{ count }] = (await this.dataSource.query(
          `SELECT count(*)::int AS count FROM ${TABLE} WHERE ${where}`,
          where.params,
        )) as { count: number }[];
        return count;
      }),
    );
  }

  /** Applies one action; answers the notification afterwards (undefined: not this subscriber's, or deleted). */
  async update(request: InboxNotificationUpdateRequest): Promise<{ data: InboxNotification | null; found: boolean }> {
    if (!UUID.test(request.notificationId)) return { data: null, found: false };
    const params: unknown[] = [request.environmentId, request.subscriberId, request.notificationId];
    const scope = `environment_id = $1 AND subscriber_id = $2 AND id = $3::uuid`;
    if (request.action === 'delete') {
      const [, affected] = (await this.dataSource.query(`DELETE FROM ${TABLE} WHERE ${scope}`, params)) as [
        unknown,
        number,
      ];
      return { data: null, found: affected > 0 };
    }
    let set: string;
    if (request.action === 'complete' || request.action === 'revert') {
      const column = request.actionType === 'secondary' ? 'secondary_action_completed' : 'primary_action_completed';
      set = `${column} = ${request.action === 'complete'}`;
    } else {
      set = SETS[request.action];
      if (request.action === 'snooze') params.push(request.snoozeUntil);
    }
    const [rows] = (await this.dataSource.query(
      `UPDATE ${TABLE} SET ${set}, updated_at = now() WHERE ${scope} RETURNING ${COLUMNS}`,
      params,
    )) as [NotificationRow[], number];
    return rows[0] ? { data: toNotification(rows[0]), found: true } : { data: null, found: false };
  }

  /**
   * Marks at most `batch` notifications whose snooze has passed and is not announced yet; the
   * update fires the counts trigger, which announces them back (InboxSnoozeSweep). Answers how many.
   */
  async announceEndedSnoozes(batch: number): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE ${TABLE} SET snooze_end_announced = true
       WHERE id IN (SELECT id FROM ${TABLE}
         WHERE snoozed_until IS NOT NULL AND NOT snooze_end_announced AND snoozed_until <= now()
         ORDER BY snoozed_until LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [batch],
    )) as [unknown, number];
    return affected;
  }

  /** Applies one action to every matching notification; answers how many changed. */
  async bulk(request: InboxNotificationsBulkRequest & { filter: InboxNotificationFilter }): Promise<number> {
    const where = new Where(request.environmentId, request.subscriberId).filter(request.filter);
    if (request.notificationIds) {
      const ids = request.notificationIds.filter((id) => UUID.test(id));
      where.add(`id = ANY(${where.param(ids)}::uuid[])`);
    }
    if (request.action === 'delete') {
      const [, affected] = (await this.dataSource.query(`DELETE FROM ${TABLE} WHERE ${where}`, where.params)) as [
        unknown,
        number,
      ];
      return affected;
    }
    const { set, changes } = BULK[request.action];
    const [, affected] = (await this.dataSource.query(
      `UPDATE ${TABLE} SET ${set}, updated_at = now() WHERE ${where} AND ${changes}`,
      where.params,
    )) as [unknown, number];
    return affected;
  }
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function toNotification(row: NotificationRow): InboxNotification {
  return {
    id: row.id,
    seq: Number(row.seq),
    subscriberId: row.subscriber_id,
    transactionId: row.transaction_id,
    workflowId: row.workflow_id,
    workflowIdentifier: row.workflow_identifier,
    stepId: row.step_id,
    subject: row.subject,
    body: row.body,
    avatar: row.avatar,
    primaryAction: row.primary_action,
    secondaryAction: row.secondary_action,
    redirect: row.redirect,
    data: row.data,
    seen: row.seen,
    read: row.read,
    archived: row.archived,
    createdAt: new Date(row.created_at).toISOString(),
    seenAt: iso(row.seen_at),
    readAt: iso(row.read_at),
    archivedAt: iso(row.archived_at),
    snoozedUntil: iso(row.snoozed_until),
    snoozed: row.snoozed,
    primaryActionCompleted: row.primary_action_completed,
    secondaryActionCompleted: row.secondary_action_completed,
  };
}
