import type { JobStatusChangedData } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import type { JobRow } from '../engine/jobs/job.row';

/** A job's delivery as its runner reported it. */
export interface DeliveredJob {
  job: JobRow;
  report: JobStatusChangedData;
}

/** The messages read model (GET /v1/messages), fed by the delivery records of status events. */
@Injectable()
export class MessageRepository {
  /** Records delivered messages, once per job, in one statement. */
  async record(tx: Tx, deliveries: readonly DeliveredJob[]): Promise<void> {
    const rows = deliveries.filter(({ report }) => report.delivery);
    if (rows.length === 0) return;
    const column = <T>(pick: (row: DeliveredJob) => T) => rows.map(pick);
    await managerOf(tx).query(
      `INSERT INTO trigger.messages (environment_id, job_id, notification_id, transaction_id, subscriber_id, channel, recipient, external_message_id, provider_id, provider_message_id)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       ON CONFLICT (job_id) DO NOTHING`,
      [
        column(({ job }) => job.environmentId),
        column(({ job }) => job.id),
        column(({ job }) => job.notificationId),
        column(({ job }) => job.transactionId),
        column(({ job }) => job.subscriberId),
        column(({ report }) => report.delivery!.channel),
        column(({ report }) => report.delivery!.recipient),
        column(({ report }) => report.delivery!.messageId ?? null),
        column(({ report }) => report.providerId ?? null),
        column(({ report }) => report.providerMessageId ?? null),
      ],
    );
  }
}
