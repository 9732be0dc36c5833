import type { InboxFeedResponse, InboxMark, InboxMessage } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** The runner's schema. */
export const IN_APP_SCHEMA = 'runner_in_app';

interface InboxRow {
  id: string;
  seq: string;
  subscriber_id: string;
  transaction_id: string;
  workflow_identifier: string;
  step_id: string;
  subject: string | null;
  body: string;
  avatar: string | null;
  primary_action: InboxMessage['primaryAction'];
  secondary_action: InboxMessage['secondaryAction'];
  redirect: InboxMessage['redirect'];
  data: Record<string, unknown>;
  seen: boolean;
  read: boolean;
  archived: boolean;
  created_at: Date;
}

const TABLE = `${IN_APP_SCHEMA}.inbox_messages`;
const COLUMNS =
  'id, seq, subscriber_id, transaction_id, workflow_identifier, step_id, subject, body, avatar, primary_action, secondary_action, redirect, data, seen, read, archived, created_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What each mark sets, and which rows it changes (so mark-all counts real changes). */
const MARKS: Record<InboxMark, { set: string; changes: string }> = {
  seen: { set: 'seen = true, seen_at = COALESCE(seen_at, now())', changes: 'NOT seen' },
  unseen: { set: 'seen = false, read = false, seen_at = NULL, read_at = NULL', changes: '(seen OR read)' },
  read: {
    set: 'read = true, seen = true, read_at = COALESCE(read_at, now()), seen_at = COALESCE(seen_at, now())',
    changes: 'NOT read',
  },
  unread: { set: 'read = false, read_at = NULL', changes: 'read' },
  archived: { set: 'archived = true, archived_at = COALESCE(archived_at, now())', changes: 'NOT archived' },
  unarchived: { set: 'archived = false, archived_at = NULL', changes: 'archived' },
};

/** A subscriber's feed query. */
export interface FeedQuery {
  environmentId: string;
  subscriberId: string;
  page: number;
  limit: number;
  seen?: boolean;
  read?: boolean;
  archived: boolean;
}

/** Reads and marks inbox messages; every query is scoped to one environment and subscriber. */
@Injectable()
export class InboxRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async feed(query: FeedQuery): Promise<InboxFeedResponse> {
    const filters = ['environment_id = $1', 'subscriber_id = $2', 'archived = $3'];
    const params: unknown[] = [query.environmentId, query.subscriberId, query.archived];
    if (query.seen !== undefined) filters.push(`seen = $${params.push(query.seen)}`);
    if (query.read !== undefined) filters.push(`read = $${params.push(query.read)}`);
    const where = filters.join(' AND ');
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${TABLE} WHERE ${where}`,
      params,
    )) as { count: number }[];
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${TABLE} WHERE ${where} ORDER BY created_at DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.page * query.limit],
    );
    return {
      data: rows.map(toMessage),
      totalCount: count,
      hasMore: (query.page + 1) * query.limit < count,
      pageSize: query.limit,
      page: query.page,
    };
  }

  async unseenCount(environmentId: string, subscriberId: string): Promise<number> {
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${TABLE} WHERE environment_id = $1 AND subscriber_id = $2 AND NOT seen AND NOT archived`,
      [environmentId, subscriberId],
    )) as { count: number }[];
    return count;
  }

  /** Marks the given messages (ids of other subscribers or environments are ignored); answers them as they are now. */
  async markAs(
    environmentId: string,
    subscriberId: string,
    messageIds: readonly string[],
    mark: InboxMark,
  ): Promise<InboxMessage[]> {
    const ids = messageIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = (await this.dataSource.query(
      `UPDATE ${TABLE} SET ${MARKS[mark].set}, updated_at = now() WHERE environment_id = $1 AND subscriber_id = $2 AND id = ANY($3::uuid[]) RETURNING ${COLUMNS}`,
      [environmentId, subscriberId, ids],
    )) as [InboxRow[], number];
    return rows.map(toMessage).sort((a, b) => b.seq - a.seq);
  }

  /** Marks every message of the subscriber; answers how many changed. */
  async markAll(environmentId: string, subscriberId: string, mark: InboxMark): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE ${TABLE} SET ${MARKS[mark].set}, updated_at = now() WHERE environment_id = $1 AND subscriber_id = $2 AND ${MARKS[mark].changes}`,
      [environmentId, subscriberId],
    )) as [unknown, number];
    return affected;
  }

  /**
   * Removes the inbox message a job delivered (`message.deleted.v1`): found by the job, or by
   * its id when the worker knows it. Answers how many rows went; none when it was already gone,
   * so a redelivered deletion is harmless. The delivery log still says delivered, so a
   * redelivered dispatch of that job does not bring the message back.
   */
  async removeDelivered(environmentId: string, delivered: { jobId: string; messageId?: string }): Promise<number> {
    const messageId = delivered.messageId !== undefined && UUID.test(delivered.messageId) ? delivered.messageId : null;
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM ${TABLE} WHERE environment_id = $1 AND (job_id = $2 OR id = $3::uuid)`,
      [environmentId, delivered.jobId, messageId],
    )) as [unknown, number];
    return affected;
  }

  /** Messages after `afterSeq`, oldest first (SSE resumption). */
  async since(environmentId: string, subscriberId: string, afterSeq: number, limit: number): Promise<InboxMessage[]> {
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${TABLE} WHERE environment_id = $1 AND subscriber_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
      [environmentId, subscriberId, afterSeq, limit],
    );
    return rows.map(toMessage);
  }
}

function toMessage(row: InboxRow): InboxMessage {
  return {
    id: row.id,
    seq: Number(row.seq),
    subscriberId: row.subscriber_id,
    transactionId: row.transaction_id,
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
  };
}
