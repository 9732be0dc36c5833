import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** A quarantined trigger as the activity feed shows it (decision 0030). */
export interface FailedTriggerRow {
  messageId: string;
  environmentId: string;
  organizationId: string;
  transactionId: string;
  workflowId: string;
  workflowIdentifier: string;
  workflowName: string;
  stepId: string;
  stepType: string;
  stepName: string;
  channels: string[];
  subscriberIds: string[];
  payload: unknown;
  reason: string;
}

/** `trigger.failed_triggers`, and whether the ledger already holds a message. */
@Injectable()
export class FailedTriggerRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * True when the trigger message was processed before (then nothing failed): it made its event,
   * or was recorded as a duplicate of one — the rows its processing commits (decision 0047).
   */
  async wasProcessed(environmentId: string, transactionId: string, messageId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM trigger.events WHERE environment_id = $1 AND transaction_id = $2 AND message_id = $3
       UNION ALL SELECT 1 FROM trigger.event_duplicates WHERE environment_id = $1 AND message_id = $3`,
      [environmentId, transactionId, messageId],
    );
    return rows.length > 0;
  }

  /** Records the failure once per message (a second quarantine changes nothing). */
  async insert(row: FailedTriggerRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO trigger.failed_triggers (id, environment_id, organization_id, transaction_id, workflow_id,
         workflow_identifier, workflow_name, step_id, step_type, step_name, channels, subscriber_ids, payload, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
      [
        row.messageId,
        row.environmentId,
        row.organizationId,
        row.transactionId,
        row.workflowId,
        row.workflowIdentifier,
        row.workflowName,
        row.stepId,
        row.stepType,
        row.stepName,
        row.channels,
        row.subscriberIds,
        JSON.stringify(row.payload),
        row.reason,
      ],
    );
  }
}
