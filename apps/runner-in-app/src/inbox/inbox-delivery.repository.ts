import { randomUUID } from 'node:crypto';

import {
  createEnvelope,
  INBOX_COUNTS_CHANGED_V1,
  INBOX_MESSAGE_CREATED_V1,
  inboxCountsChangedDataSchema,
  type InboxMessage,
  inboxMessageCreatedDataSchema,
  type JobDispatchData,
} from '@herald/contracts';
import { type OutboxMessage, publishAfterCommit } from '@herald/messaging';
import { managerOf, type Tx } from '@herald/persistence';
import { environmentDeliveryKey, type SendOutcome } from '@herald/runner-kit';
import type { EntityManager } from 'typeorm';

import { IN_APP_SCHEMA } from './inbox.repository';
import type { InboxContent } from './inbox-content';

interface InsertedRow {
  id: string;
  seq: string;
  created_at: Date;
  delivery_key: string;
  environment_id: string;
}

/** One delivery's store, waiting to be written with the others of its transaction. */
interface PendingStore {
  job: JobDispatchData;
  content: InboxContent;
  done: { resolve: (outcome: SendOutcome) => void; reject: (error: unknown) => void };
}

/** Stores delivered in-app jobs in the inbox, in the runner's record transaction. */
export class InboxDeliveryRepository {
  private readonly pending = new Map<EntityManager, PendingStore[]>();

  /**
   * Inserts the job's message (nothing when its delivery key is already stored); answers the
   * stored message either way. A new one is announced to live streams and sockets —
   * `inbox.message-created.v1`, and its subscriber's `inbox.counts-changed.v1` counted after the
   * insert under the subscriber's lock — once this transaction commits (`publishAfterCommit`, 0046).
   * The stores a transaction asks for in one turn of the event loop (a batch's deliveries, decision
   * 0049) are written together: one insert, one count per subscriber.
   */
  store(tx: Tx, job: JobDispatchData, content: InboxContent): Promise<SendOutcome> {
    const manager = managerOf(tx);
    return new Promise<SendOutcome>((resolve, reject) => {
      const waiting = this.pending.get(manager);
      if (waiting) return waiting.push({ job, content, done: { resolve, reject } });
      this.pending.set(manager, [{ job, content, done: { resolve, reject } }]);
      setImmediate(() => {
        const stores = this.pending.get(manager)!;
        this.pending.delete(manager);
        this.storeAll(manager, stores).then(
          (outcomes) => stores.forEach((store, index) => store.done.resolve(outcomes[index])),
          (error: unknown) => stores.forEach((store) => store.done.reject(error)),
        );
      });
    });
  }

  private async storeAll(manager: EntityManager, stores: readonly PendingStore[]): Promise<SendOutcome[]> {
    // `seq` is drawn at insert but becomes visible at commit. Holding a per-subscriber lock until
    // commit makes one subscriber's messages commit in `seq` order, so a stream resuming after
    // `Last-Event-ID` can never find a lower `seq` appearing later (0015). The locks are taken in
    // the same statement (in key order, so two transactions never wait for each other in a
    // cycle), all before any row (and its `seq`) exists: the INSERT joins their aggregate.
    const lockKeys = [...new Set(stores.map(({ job }) => subscriberLockKey(job)))].sort();
    const column = <T>(pick: (store: PendingStore) => T) => stores.map(pick);
    const inserted: InsertedRow[] = await manager.query(
      `WITH subscriber_lock AS (SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM unnest($21::text[]) AS k)
       INSERT INTO ${IN_APP_SCHEMA}.inbox_messages (id, environment_id, organization_id, subscriber_id, subscriber_pk, job_id, notification_id, transaction_id, delivery_key,
         workflow_id, workflow_identifier, step_id, subject, body, avatar, primary_action, secondary_action, redirect, data, payload)
       SELECT m.id, m.environment_id, m.organization_id, m.subscriber_id, m.subscriber_pk, m.job_id, m.notification_id, m.transaction_id, m.delivery_key,
         m.workflow_id, m.workflow_identifier, m.step_id, m.subject, m.body, m.avatar, m.primary_action, m.secondary_action, m.redirect, m.data, m.payload
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
           $13::text[], $14::text[], $15::text[], $16::jsonb[], $17::jsonb[], $18::jsonb[], $19::jsonb[], $20::jsonb[]) WITH ORDINALITY
         AS m(id, environment_id, organization_id, subscriber_id, subscriber_pk, job_id, notification_id, transaction_id, delivery_key,
           workflow_id, workflow_identifier, step_id, subject, body, avatar, primary_action, secondary_action, redirect, data, payload, position)
         CROSS JOIN subscriber_lock
       ORDER BY m.position
       ON CONFLICT ON CONSTRAINT inbox_messages_delivery_key_key DO NOTHING
       RETURNING id, seq, created_at, delivery_key, environment_id`,
      [
        column(() => randomUUID()),
        column(({ job }) => job.environmentId),
        column(({ job }) => job.organizationId),
        column(({ job }) => job.subscriber.subscriberId),
        column(({ job }) => job.subscriber.id),
        column(({ job }) => job.jobId),
        column(({ job }) => job.notificationId),
        column(({ job }) => job.transactionId),
        column(({ job }) => job.deliveryKey),
        column(({ job }) => job.workflow.id),
        column(({ job }) => job.workflow.identifier),
        column(({ job }) => job.step.stepId),
        column(({ content }) => content.subject),
        column(({ content }) => content.body),
        column(({ content }) => content.avatar),
        column(({ content }) => json(content.primaryAction)),
        column(({ content }) => json(content.secondaryAction)),
        column(({ content }) => json(content.redirect)),
        column(({ content }) => JSON.stringify(content.data)),
        column(({ job }) => JSON.stringify(job.payload)),
        lockKeys,
      ],
    );
    const byKey = new Map(inserted.map((row) => [environmentDeliveryKey(row.environment_id, row.delivery_key), row]));
    const stored = stores.map((store) => ({
      ...store,
      row: byKey.get(environmentDeliveryKey(store.job.environmentId, store.job.deliveryKey)),
    }));
    const existing = await this.existingIds(
      manager,
      stored.filter(({ row }) => !row),
    );
    const announced = stored.filter((store): store is typeof store & { row: InsertedRow } => store.row !== undefined);
    const announcements: OutboxMessage[] = announced.map(({ job, content, row }) => {
      const message: InboxMessage = {
        id: row.id,
        seq: Number(row.seq),
        subscriberId: job.subscriber.subscriberId,
        transactionId: job.transactionId,
        workflowIdentifier: job.workflow.identifier,
        stepId: job.step.stepId,
        ...content,
        seen: false,
        read: false,
        archived: false,
        createdAt: new Date(row.created_at).toISOString(),
      };
      // Validated here: an invalid event would fail this transaction rather than reach the gateways.
      const data = inboxMessageCreatedDataSchema.parse({ environmentId: job.environmentId, message });
      // Only live SSE streams (gateway replica queues) want this; clients that were away resume from the
      // inbox table with Last-Event-ID, so an event nobody is listening to may be dropped.
      return { envelope: createEnvelope(INBOX_MESSAGE_CREATED_V1, job.environmentId, data), mandatory: false };
    });
    // Only live listeners (gateway replica queues) want these: unroutable is fine (`mandatory: false`).
    await publishAfterCommit(manager, IN_APP_SCHEMA, [
      ...announcements,
      ...(await this.countsChanged(
        manager,
        announced.map(({ job }) => job),
      )),
    ]);
    return stored.map(({ job, row }) => {
      const id = row?.id ?? existing.get(environmentDeliveryKey(job.environmentId, job.deliveryKey));
      if (!id) throw new Error(`inbox message for delivery key of job ${job.jobId} neither stored nor found`);
      return { ok: true, messageId: id, providerMessageId: id };
    });
  }

  /** The stored message ids of keys the insert found taken (a redelivered job), by key. */
  private async existingIds(manager: EntityManager, stores: readonly PendingStore[]): Promise<Map<string, string>> {
    if (stores.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT m.id, m.environment_id, m.delivery_key FROM ${IN_APP_SCHEMA}.inbox_messages m
       JOIN unnest($1::text[], $2::text[]) AS k(environment_id, delivery_key) ON m.environment_id = k.environment_id AND m.delivery_key = k.delivery_key
       WHERE m.delivery_key = ANY($2::text[])`,
      [stores.map(({ job }) => job.environmentId), stores.map(({ job }) => job.deliveryKey)],
    )) as { id: string; environment_id: string; delivery_key: string }[];
    return new Map(rows.map((row) => [environmentDeliveryKey(row.environment_id, row.delivery_key), row.id]));
  }

  /** Each subscriber's `inbox.counts-changed.v1`, counted once after this transaction's inserts (under their locks). */
  private async countsChanged(manager: EntityManager, jobs: readonly JobDispatchData[]): Promise<OutboxMessage[]> {
    const subscribers = [
      ...new Map(
        jobs.map((job) => [subscriberLockKey(job), [job.environmentId, job.subscriber.subscriberId]]),
      ).values(),
    ];
    if (subscribers.length === 0) return [];
    const rows = (await manager.query(
      `SELECT s.environment_id, s.subscriber_id, ${IN_APP_SCHEMA}.inbox_counts(s.environment_id, s.subscriber_id) AS counts
       FROM unnest($1::text[], $2::text[]) AS s(environment_id, subscriber_id)`,
      [subscribers.map(([environmentId]) => environmentId), subscribers.map(([, subscriberId]) => subscriberId)],
    )) as { environment_id: string; subscriber_id: string; counts: object }[];
    return rows.map(({ environment_id: environmentId, subscriber_id: subscriberId, counts }) => {
      const data = inboxCountsChangedDataSchema.parse({ environmentId, subscriberId, ...counts });
      return { envelope: createEnvelope(INBOX_COUNTS_CHANGED_V1, environmentId, data), mandatory: false };
    });
  }
}

function subscriberLockKey(job: JobDispatchData): string {
  return `inbox:${job.environmentId}:${job.subscriber.subscriberId}`;
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
