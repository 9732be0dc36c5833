import type {
  ActorSnapshot,
  AttachmentRef,
  JsonRecord,
  Recipient,
  TenantRef,
  TriggerKind,
  TriggerRequestedData,
  WorkflowSnapshot,
} from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { sqlRows } from '../../platform/sql/sql-rows';

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

/** A trigger to store as an event: its message id, what it asked for, and whether it fans out. */
export interface NewEvent {
  messageId: string;
  data: TriggerRequestedData;
  actor: ActorSnapshot | null;
  fanout: boolean;
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
  async insert(
    tx: Tx,
    messageId: string,
    data: TriggerRequestedData,
    actor: ActorSnapshot | null,
    fanout: boolean,
  ): Promise<string | undefined> {
    return (await this.insertMany(tx, [{ messageId, data, actor, fanout }])).get(messageId);
  }

  /**
   * `insert` for many triggers in one statement (a batch of the consumer's transaction). Returns
   * the new event ids by message id; a trigger whose transactionId was used before — or earlier in
   * the same list — has none.
   */
  async insertMany(tx: Tx, triggers: readonly NewEvent[]): Promise<Map<string, string>> {
    if (triggers.length === 0) return new Map();
    const column = <T>(pick: (trigger: NewEvent) => T) => triggers.map(pick);
    const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
    // WITH ORDINALITY + ORDER BY keeps the list's order, so of two triggers with one transactionId the first wins.
    const rows = await sqlRows<{ id: string; message_id: string }>(
      tx,
      `INSERT INTO trigger.events (environment_id, organization_id, transaction_id, message_id, kind, workflow, workflow_id, workflow_identifier,
         workflow_version, recipients, payload, overrides, actor, tenant, context, attachments, requested_at, fanout_status, fanout_cursor)
       SELECT t.environment_id, t.organization_id, t.transaction_id, t.message_id, t.kind, t.workflow::jsonb, t.workflow_id, t.workflow_identifier,
         t.workflow_version, t.recipients::jsonb, t.payload::jsonb, t.overrides::jsonb, t.actor::jsonb, t.tenant::jsonb, t.context::jsonb,
         t.attachments::jsonb, t.requested_at, t.fanout_status, t.fanout_cursor::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[],
         $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::timestamptz[], $18::text[], $19::text[]) WITH ORDINALITY
         AS t(environment_id, organization_id, transaction_id, message_id, kind, workflow, workflow_id, workflow_identifier, workflow_version, recipients,
           payload, overrides, actor, tenant, context, attachments, requested_at, fanout_status, fanout_cursor, position)
       ORDER BY t.position
       ON CONFLICT (environment_id, transaction_id) DO NOTHING
       RETURNING id, message_id`,
      [
        column((t) => t.data.environmentId),
        column((t) => t.data.organizationId),
        column((t) => t.data.transactionId),
        column((t) => t.messageId),
        column((t) => t.data.kind),
        column((t) => JSON.stringify(t.data.workflow)),
        column((t) => t.data.workflow.id),
        column((t) => t.data.workflow.identifier),
        column((t) => t.data.workflow.version),
        column((t) => JSON.stringify(t.data.to)),
        column((t) => JSON.stringify(t.data.payload)),
        column((t) => JSON.stringify(t.data.overrides)),
        column((t) => json(t.actor)),
        column((t) => json(t.data.tenant)),
        column((t) => json(t.data.context)),
        column((t) => JSON.stringify(t.data.attachments)),
        column((t) => t.data.requestedAt),
        column((t) => (t.fanout ? 'running' : 'done')),
        column((t) => (t.fanout ? JSON.stringify({ source: 0, after: '' } satisfies FanoutCursor) : null)),
      ],
    );
    return new Map(rows.map((row) => [row.message_id, row.id]));
  }

  /**
   * Records a trigger refused for its used transactionId; returns the original event's id, or
   * nothing when this message was handled before (it made the event, or was recorded as its
   * duplicate): a redelivery, which changes nothing.
   */
  async recordDuplicate(
    tx: Tx,
    environmentId: string,
    transactionId: string,
    messageId: string,
  ): Promise<string | undefined> {
    // Nothing for a redelivery: of the message that made the event, or of a duplicate recorded before.
    const rows = await sqlRows<{ id: string }>(
      tx,
      `WITH d AS (
         INSERT INTO trigger.event_duplicates (environment_id, transaction_id, event_id, message_id)
         SELECT environment_id, transaction_id, id, $3 FROM trigger.events
         WHERE environment_id = $1 AND transaction_id = $2 AND message_id <> $3
         ON CONFLICT (environment_id, message_id) DO NOTHING
         RETURNING event_id)
       UPDATE trigger.events AS e SET duplicates = e.duplicates + 1 FROM d WHERE e.id = d.event_id RETURNING e.id`,
      [environmentId, transactionId, messageId],
    );
    return rows[0]?.id;
  }

  /** The events, by id (from the cache when possible). */
  async findByIds(tx: Tx, environmentId: string, ids: readonly string[]): Promise<Map<string, StoredEvent>> {
    const result = new Map<string, StoredEvent>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.cache.get(id);
      if (cached && cached.environmentId === environmentId) result.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = await sqlRows<StoredEvent>(
        tx,
        `SELECT ${EVENT_COLUMNS} FROM trigger.events WHERE environment_id = $1 AND id = ANY($2::uuid[])`,
        [environmentId, missing],
      );
      for (const row of rows) {
        result.set(row.id, row);
        this.remember(row);
      }
    }
    return result;
  }

  /** Locks an event's fan-out progress; undefined when the fan-out is finished. */
  async lockFanout(tx: Tx, environmentId: string, id: string): Promise<FanoutCursor | undefined> {
    const rows = await sqlRows<{ fanout_cursor: FanoutCursor | null; fanout_status: string }>(
      tx,
      'SELECT fanout_status, fanout_cursor FROM trigger.events WHERE environment_id = $1 AND id = $2 FOR UPDATE',
      [environmentId, id],
    );
    const row = rows[0];
    return row && row.fanout_status === 'running' && row.fanout_cursor ? row.fanout_cursor : undefined;
  }

  /** Saves fan-out progress, or marks the fan-out done when `cursor` is undefined. */
  async saveFanout(tx: Tx, environmentId: string, id: string, cursor: FanoutCursor | undefined): Promise<void> {
    await managerOf(tx).query(
      `UPDATE trigger.events SET fanout_cursor = $3::jsonb, fanout_status = CASE WHEN $3::jsonb IS NULL THEN 'done' ELSE 'running' END WHERE environment_id = $1 AND id = $2`,
      [environmentId, id, cursor ? JSON.stringify(cursor) : null],
    );
  }

  /** Stores the actor's snapshot on an event written without it. */
  async setActor(tx: Tx, environmentId: string, id: string, actor: ActorSnapshot): Promise<void> {
    await managerOf(tx).query('UPDATE trigger.events SET actor = $3::jsonb WHERE environment_id = $1 AND id = $2', [
      environmentId,
      id,
      JSON.stringify(actor),
    ]);
  }

  /** Stops the transaction's fan-outs still running; returns the events stopped. */
  async stopFanouts(tx: Tx, environmentId: string, transactionId: string): Promise<{ id: string }[]> {
    return sqlRows<{ id: string }>(
      tx,
      `UPDATE trigger.events SET fanout_status = 'done', fanout_cursor = NULL WHERE environment_id = $1 AND transaction_id = $2 AND fanout_status = 'running' RETURNING id`,
      [environmentId, transactionId],
    );
  }

  /** Keeps an event just written in this process, so its jobs need not read it back. */
  remember(event: StoredEvent): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(event.id, event);
  }
}
