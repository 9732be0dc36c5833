import { Injectable } from '@nestjs/common';
import type { ActorSnapshot, AttachmentRef, JsonRecord, Recipient, TenantRef, TriggerKind, TriggerRequestedData, WorkflowSnapshot } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { sqlRows } from './sql-rows';

/** One trigger as stored: the payload lives here once, never per notification. Immutable. */
export interface StoredEvent {
  id: string;
  environmentId: string;
  organizationId: string;
  transactionId: string;
  kind: TriggerKind;
  workflow: WorkflowSnapshot;
  recipients: Recipient[];
  payload: JsonRecord;
  overrides: JsonRecord;
  actor: ActorSnapshot | null;
  tenant: TenantRef | null;
  context: JsonRecord | null;
  attachments: AttachmentRef[];
}

/** Where a topic or broadcast fan-out stands: the recipient being walked and the last subscriberId done. */
export interface FanoutCursor {
  /** Index into the event's topic recipients; equal to their count for the broadcast pass. */
  source: number;
  after: string;
}

const EVENT_COLUMNS = `id, environment_id AS "environmentId", organization_id AS "organizationId", transaction_id AS "transactionId", kind,
  workflow, recipients, payload, overrides, actor, tenant, context, attachments`;

const CACHE_SIZE = 128;

/** Trigger events: insert-once by (environment, transactionId), duplicates, fan-out progress. */
@Injectable()
export class EventRepository {
  // Events never change once written, so their by-value copy can be kept for the jobs that follow.
  private readonly cache = new Map<string, StoredEvent>();

  /**
   * Inserts the event unless its transactionId is already used in the environment (the unique
   * constraint decides, also between concurrent triggers). Returns the new id, or undefined.
   */
  async insert(manager: EntityManager, messageId: string, data: TriggerRequestedData, actor: ActorSnapshot | null, fanout: boolean): Promise<string | undefined> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO trigger.events (environment_id, organization_id, transaction_id, message_id, kind, workflow, workflow_id, workflow_identifier,
         workflow_version, recipients, payload, overrides, actor, tenant, context, attachments, requested_at, fanout_status, fanout_cursor)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14::jsonb, $15::jsonb, $16::jsonb, $17, $18, $19::jsonb)
       ON CONFLICT (environment_id, transaction_id) DO NOTHING
       RETURNING id`,
      [
        data.environmentId,
        data.organizationId,
        data.transactionId,
        messageId,
        data.kind,
        JSON.stringify(data.workflow),
        data.workflow.id,
        data.workflow.identifier,
        data.workflow.version,
        JSON.stringify(data.to),
        JSON.stringify(data.payload),
        JSON.stringify(data.overrides),
        actor ? JSON.stringify(actor) : null,
        data.tenant ? JSON.stringify(data.tenant) : null,
        data.context ? JSON.stringify(data.context) : null,
        JSON.stringify(data.attachments),
        data.requestedAt,
        fanout ? 'running' : 'done',
        fanout ? JSON.stringify({ source: 0, after: '' } satisfies FanoutCursor) : null,
      ],
    );
    return rows[0]?.id;
  }

  /** Records a trigger refused for its used transactionId; returns the original event's id. */
  async recordDuplicate(manager: EntityManager, environmentId: string, transactionId: string, messageId: string): Promise<string | undefined> {
    const rows = await sqlRows<{ event_id: string }>(
      manager,
      `WITH e AS (UPDATE trigger.events SET duplicates = duplicates + 1 WHERE environment_id = $1 AND transaction_id = $2 RETURNING id)
       INSERT INTO trigger.event_duplicates (environment_id, transaction_id, event_id, message_id) SELECT $1, $2, e.id, $3 FROM e RETURNING event_id`,
      [environmentId, transactionId, messageId],
    );
    return rows[0]?.event_id;
  }

  /** The events, by id (from the cache when possible). */
  async findByIds(manager: EntityManager, environmentId: string, ids: readonly string[]): Promise<Map<string, StoredEvent>> {
    const result = new Map<string, StoredEvent>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache.get(id);
      if (cached && cached.environmentId === environmentId) result.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await sqlRows<StoredEvent>(manager, `SELECT ${EVENT_COLUMNS} FROM trigger.events WHERE environment_id = $1 AND id = ANY($2::uuid[])`, [environmentId, missing]);
      for (const row of rows) {
        result.set(row.id, row);
        this.remember(row);
      }
    }
    return result;
  }

  /** Locks an event's fan-out progress; undefined when the fan-out is finished. */
  async lockFanout(manager: EntityManager, environmentId: string, id: string): Promise<FanoutCursor | undefined> {
    const rows = await sqlRows<{ fanout_cursor: FanoutCursor | null; fanout_status: string }>(
      manager,
      'SELECT fanout_status, fanout_cursor FROM trigger.events WHERE environment_id = $1 AND id = $2 FOR UPDATE',
      [environmentId, id],
    );
    const row = rows[0];
    return row && row.fanout_status === 'running' && row.fanout_cursor ? row.fanout_cursor : undefined;
  }

  /** Saves fan-out progress, or marks the fan-out done when `cursor` is undefined. */
  async saveFanout(manager: EntityManager, environmentId: string, id: string, cursor: FanoutCursor | undefined): Promise<void> {
    await manager.query(
      `UPDATE trigger.events SET fanout_cursor = $3::jsonb, fanout_status = CASE WHEN $3::jsonb IS NULL THEN 'done' ELSE 'running' END WHERE environment_id = $1 AND id = $2`,
      [environmentId, id, cursor ? JSON.stringify(cursor) : null],
    );
  }

  /** Keeps an event just written in this process, so its jobs need not read it back. */
  remember(event: StoredEvent): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(event.id, event);
  }
}
