import {
  createContractMessage,
  type DeliveryChannel,
  MESSAGE_DELETED_V1,
  RpcError,
  TRIGGER_WORKER_RPC_ERRORS,
  type WorkerMessage,
} from '@herald/contracts';
import { writeToOutbox } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { TRIGGER_SCHEMA } from '../../platform/migrations/worker-migrations';
import { sqlRows } from '../../platform/sql/sql-rows';

/** A delivered message in Novu's `MessageResponseDto` shape (the fields Herald knows): `workerMessageSchema`. */
export type MessageDto = WorkerMessage;

const COLUMNS = `m.id AS "_id", m.environment_id AS "_environmentId", m.notification_id AS "_notificationId", m.job_id AS "_jobId",
  n.subscriber_pk AS "_subscriberId", m.subscriber_id AS "subscriberId", m.transaction_id AS "transactionId", m.channel, m.recipient,
  m.provider_id AS "providerId", m.provider_message_id AS "providerMessageId", m.external_message_id AS "deliveredMessageId",
  'sent' AS status, m.deleted_at IS NOT NULL AS deleted, m.created_at AS "createdAt"`;

/** The messages read model behind `GET|DELETE /v1/messages…`. */
@Injectable()
export class MessageAdminRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(query: {
    environmentId: string;
    page: number;
    limit: number;
    channel?: string;
    subscriberId?: string;
    transactionIds?: string[];
  }): Promise<{ data: MessageDto[]; page: number; pageSize: number; hasMore: boolean }> {
    const rows = await sqlRows<MessageDto>(
      this.dataSource.manager,
      `SELECT ${COLUMNS} FROM trigger.messages m JOIN trigger.notifications n ON n.id = m.notification_id AND n.environment_id = m.environment_id
       WHERE m.environment_id = $1 AND m.deleted_at IS NULL AND ($2::text IS NULL OR m.channel = $2) AND ($3::text IS NULL OR m.subscriber_id = $3)
         AND ($4::text[] IS NULL OR m.transaction_id = ANY($4::text[]))
       ORDER BY m.created_at DESC, m.id DESC OFFSET $5 LIMIT $6`,
      [
        query.environmentId,
        query.channel ?? null,
        query.subscriberId ?? null,
        query.transactionIds ?? null,
        query.page * query.limit,
        query.limit + 1,
      ],
    );
    const page = rows
      .slice(0, query.limit)
      .map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
    return { data: page, page: query.page, pageSize: query.limit, hasMore: rows.length > query.limit };
  }

  /**
   * Marks messages deleted (one by id, or every message of a transaction, optionally of one
   * channel) and, in the same transaction, writes one `message.deleted.v1` per message to the outbox.
   */
  delete(
    environmentId: string,
    target: { messageId: string } | { transactionId: string; channel?: DeliveryChannel },
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const byId = 'messageId' in target;
      const rows = await sqlRows<{
        id: string;
        job_id: string;
        transaction_id: string;
        subscriber_id: string;
        channel: DeliveryChannel;
        external_message_id: string | null;
      }>(
        manager,
        `UPDATE trigger.messages SET deleted_at = now()
         WHERE environment_id = $1 AND deleted_at IS NULL AND ${byId ? 'id = $2::uuid' : 'transaction_id = $2 AND ($3::text IS NULL OR channel = $3)'}
         RETURNING id, job_id, transaction_id, subscriber_id, channel, external_message_id`,
        byId ? [environmentId, target.messageId] : [environmentId, target.transactionId, target.channel ?? null],
      );
      if (byId && rows.length === 0)
        throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.messageNotFound, `message ${target.messageId} not found`);
      await writeToOutbox(
        manager,
        TRIGGER_SCHEMA,
        rows.map((row) => ({
          envelope: createContractMessage(MESSAGE_DELETED_V1, {
            environmentId,
            messageId: row.id,
            ...(row.external_message_id ? { deliveredMessageId: row.external_message_id } : {}),
            jobId: row.job_id,
            transactionId: row.transaction_id,
            subscriberId: row.subscriber_id,
            channel: row.channel,
          }),
        })),
      );
      return rows.length;
    });
  }
}
