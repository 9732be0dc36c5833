import type { AttachmentState } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One row of `attachments.attachments`. */
export interface AttachmentRecord {
  id: string;
  environmentId: string;
  objectKey: string;
  name: string;
  mime: string;
  size: number;
  sha256: string | null;
  state: AttachmentState;
  transactionId: string | null;
  expiresAt: Date;
}

/** A row to insert as `pending`. */
export type NewAttachment = Omit<AttachmentRecord, 'state'> & { createdAt: Date };

/** A state change decided by the caller. */
export interface AttachmentStateChange {
  id: string;
  state: AttachmentState;
  expiresAt: Date;
}

interface Row {
  id: string;
  environment_id: string;
  object_key: string;
  name: string;
  mime: string;
  size_bytes: string;
  sha256: string | null;
  state: AttachmentState;
  transaction_id: string | null;
  expires_at: Date;
}

const COLUMNS = 'id, environment_id, object_key, name, mime, size_bytes, sha256, state, transaction_id, expires_at';

/**
 * SQL over `attachments.attachments`, set-based. Every customer-facing query filters on
 * `environment_id`; only the sweeper (which serves no customer) reads across environments.
 */
@Injectable()
export class AttachmentRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  async insertPending(rows: readonly NewAttachment[]): Promise<void> {
    if (rows.length === 0) return;
    const column = <K extends keyof NewAttachment>(key: K) => rows.map((row) => row[key]);
    await this.dataSource.query(
      `INSERT INTO attachments.attachments (id, environment_id, object_key, name, mime, size_bytes, sha256, state, transaction_id, created_at, expires_at)
       SELECT id, environment_id, object_key, name, mime, size_bytes, sha256, 'pending', transaction_id, created_at, expires_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
         AS t(id, environment_id, object_key, name, mime, size_bytes, sha256, transaction_id, created_at, expires_at)`,
      [
        column('id'),
        column('environmentId'),
        column('objectKey'),
        column('name'),
        column('mime'),
        column('size'),
        column('sha256'),
        column('transactionId'),
        column('createdAt'),
        column('expiresAt'),
      ],
    );
  }

  /** The environment's rows among `ids`, locked until the transaction ends. */
  async lockByIds(manager: EntityManager, environmentId: string, ids: readonly string[]): Promise<AttachmentRecord[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM attachments.attachments WHERE environment_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [environmentId, ids],
    );
    return rows.map(toRecord);
  }

  async applyStateChanges(manager: EntityManager, changes: readonly AttachmentStateChange[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `UPDATE attachments.attachments AS a SET state = c.state, expires_at = c.expires_at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS c(id, state, expires_at)
       WHERE a.id = c.id`,
      [
        changes.map((change) => change.id),
        changes.map((change) => change.state),
        changes.map((change) => change.expiresAt),
      ],
    );
  }

  /** An uploaded (stored or queued) attachment of the environment. */
  async findDownloadable(environmentId: string, id: string): Promise<AttachmentRecord | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM attachments.attachments WHERE environment_id = $1 AND id = $2 AND state IN ('stored', 'queued')`,
      [environmentId, id],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Up to `limit` rows due for deletion at `now`, locked. `SKIP LOCKED` lets sweepers of several
   * replicas work side by side, each on rows no other one holds — and skips a row a confirmation
   * is moving to `queued` right now.
   */
  async lockDue(
    manager: EntityManager,
    now: Date,
    limit: number,
  ): Promise<Pick<AttachmentRecord, 'id' | 'objectKey'>[]> {
    const rows: { id: string; object_key: string }[] = await manager.query(
      `SELECT id, object_key FROM attachments.attachments
       WHERE state <> 'deleted' AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({ id: row.id, objectKey: row.object_key }));
  }

  async markDeleted(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`UPDATE attachments.attachments SET state = 'deleted' WHERE id = ANY($1::uuid[])`, [ids]);
  }
}

function toRecord(row: Row): AttachmentRecord {
  return {
    id: row.id,
    environmentId: row.environment_id,
    objectKey: row.object_key,
    name: row.name,
    mime: row.mime,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    state: row.state,
    transactionId: row.transaction_id,
    expiresAt: new Date(row.expires_at),
  };
}
