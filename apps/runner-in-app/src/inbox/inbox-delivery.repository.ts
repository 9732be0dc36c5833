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
import { publishAfterCommit } from '@herald/messaging';
import { managerOf, type Tx } from '@herald/persistence';
import type { SendOutcome } from '@herald/runner-kit';

import { IN_APP_SCHEMA } from './inbox.repository';
import type { InboxContent } from './inbox-content';

interface InsertedRow {
  id: string;
  seq: string;
  created_at: Date;
}

/** Stores delivered in-app jobs in the inbox, in the runner's record transaction. */
export class InboxDeliveryRepository {
  /**
   * Inserts the job's message (nothing when its delivery key is already stored); answers the
   * stored message either way. A new one is announced to live streams and sockets —
   * `inbox.message-created.v1` and the subscriber's `inbox.counts-changed.v1`, counted after the
   * insert under the subscriber's lock — once this transaction commits (`publishAfterCommit`, 0046).
   */
  async store(tx: Tx, job: JobDispatchData, content: InboxContent): Promise<SendOutcome> {
    const manager = managerOf(tx);
    // `seq` is drawn at insert but becomes visible at commit. Holding a per-subscriber lock until
    // commit makes one subscriber's messages commit in `seq` order, so a stream resuming after
    // `Last-Event-ID` can never find a lower `seq` appearing later (0015). The lock is taken in the
    // same statement, before the row (and its `seq`) exists: the INSERT selects from it.
    const inserted: InsertedRow[] = await manager.query(
      `WITH subscriber_lock AS (SELECT pg_advisory_xact_lock(hashtextextended($21, 0)))
       INSERT INTO ${IN_APP_SCHEMA}.inbox_messages (id, environment_id, organization_id, subscriber_id, subscriber_pk, job_id, notification_id, transaction_id, delivery_key,
         workflow_id, workflow_identifier, step_id, subject, body, avatar, primary_action, secondary_action, redirect, data, payload)
       SELECT $1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17::jsonb, $18::jsonb, $19::jsonb, $20::jsonb FROM subscriber_lock
       ON CONFLICT ON CONSTRAINT inbox_messages_delivery_key_key DO NOTHING
       RETURNING id, seq, created_at`,
      [
        randomUUID(),
        job.environmentId,
        job.organizationId,
        job.subscriber.subscriberId,
        job.subscriber.id,
        job.jobId,
        job.notificationId,
        job.transactionId,
        job.deliveryKey,
        job.workflow.id,
        job.workflow.identifier,
        job.step.stepId,
        content.subject,
        content.body,
        content.avatar,
        json(content.primaryAction),
        json(content.secondaryAction),
        json(content.redirect),
        JSON.stringify(content.data),
        JSON.stringify(job.payload),
        `inbox:${job.environmentId}:${job.subscriber.subscriberId}`,
      ],
    );
    const row = inserted[0];
    if (!row) {
      const [existing] = (await manager.query(
        `SELECT id FROM ${IN_APP_SCHEMA}.inbox_messages WHERE environment_id = $1 AND delivery_key = $2`,
        [job.environmentId, job.deliveryKey],
      )) as { id: string }[];
      return { ok: true, messageId: existing.id, providerMessageId: existing.id };
    }
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
    const envelope = createEnvelope(INBOX_MESSAGE_CREATED_V1, job.environmentId, data);
    const [{ counts }] = (await manager.query(`SELECT ${IN_APP_SCHEMA}.inbox_counts($1, $2) AS counts`, [
      job.environmentId,
      job.subscriber.subscriberId,
    ])) as { counts: object }[];
    const countsData = inboxCountsChangedDataSchema.parse({
      environmentId: job.environmentId,
      subscriberId: job.subscriber.subscriberId,
      ...counts,
    });
    const countsEnvelope = createEnvelope(INBOX_COUNTS_CHANGED_V1, job.environmentId, countsData);
    // Only live listeners (gateway replica queues) want these: unroutable is fine (`mandatory: false`).
    await publishAfterCommit(manager, IN_APP_SCHEMA, [
      { envelope, mandatory: false },
      { envelope: countsEnvelope, mandatory: false },
    ]);
    return { ok: true, messageId: row.id, providerMessageId: row.id };
  }
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
