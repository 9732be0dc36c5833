import { Injectable } from '@nestjs/common';
import type { JobStatusChangedData } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import type { JobRow } from './job.row';

/** The messages read model (GET /v1/messages), fed by the delivery records of status events. */
@Injectable()
export class MessageRepository {
  /** Records a delivered message once per job. */
  async record(manager: EntityManager, job: JobRow, report: JobStatusChangedData): Promise<void> {
    if (!report.delivery) return;
    await manager.query(
      `INSERT INTO trigger.messages (environment_id, job_id, notification_id, transaction_id, subscriber_id, channel, recipient, external_message_id, provider_id, provider_message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (job_id) DO NOTHING`,
      [job.environmentId, job.id, job.notificationId, job.transactionId, job.subscriberId, report.delivery.channel, report.delivery.recipient, report.delivery.messageId ?? null, report.providerId ?? null, report.providerMessageId ?? null],
    );
  }
}
