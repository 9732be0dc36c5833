import { Inject, Injectable, Logger } from '@nestjs/common';
import { isDeliveryChannel, type TriggerRequestedData } from '@herald/contracts';
import type { QuarantinedMessage } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import type { DataSource } from 'typeorm';

/** The ledger consumer name of `trigger-worker.trigger-requested`. */
export const TRIGGER_REQUESTED_CONSUMER = 'trigger-worker.trigger-requested';

/**
 * Makes a quarantined `trigger.requested.v1` visible (decision 0030): one `failed_triggers` row,
 * keyed by the message id (a second quarantine of the same message changes nothing), which the
 * activity feed shows under the trigger's transactionId with one FAILED job and the reason. A
 * trigger the ledger already holds was processed after all: nothing to record.
 */
@Injectable()
export class QuarantinedTriggerRecorder {
  private readonly logger = new Logger('QuarantinedTrigger');

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async record({ envelope, reason }: QuarantinedMessage<TriggerRequestedData>): Promise<void> {
    if (!envelope) return;
    const trigger = envelope.data;
    const processed: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM trigger.processed_messages WHERE consumer = $1 AND message_id = $2',
      [TRIGGER_REQUESTED_CONSUMER, envelope.id],
    );
    if (processed.length > 0) return;
    const active = trigger.workflow.steps.filter((step) => step.active);
    const first = active[0] ?? trigger.workflow.steps[0];
    const channels = [...new Set(active.map((step) => step.type).filter(isDeliveryChannel))];
    const subscriberIds = trigger.to.flatMap((recipient) =>
      recipient.type === 'Subscriber' ? [recipient.subscriberId] : [],
    );
    await this.dataSource.query(
      `INSERT INTO trigger.failed_triggers (id, environment_id, organization_id, transaction_id, workflow_id,
         workflow_identifier, workflow_name, step_id, step_type, step_name, channels, subscriber_ids, payload, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (id) DO NOTHING`,
      [
        envelope.id,
        envelope.environmentId,
        trigger.organizationId,
        trigger.transactionId,
        trigger.workflow.id,
        trigger.workflow.identifier,
        trigger.workflow.name,
        first?.stepId ?? 'trigger',
        first?.type ?? 'in_app',
        first?.name ?? 'trigger',
        channels,
        subscriberIds,
        JSON.stringify(trigger.payload),
        reason,
      ],
    );
    this.logger.warn({
      msg: 'trigger quarantined: shown as failed in the activity feed',
      environmentId: envelope.environmentId,
      transactionId: trigger.transactionId,
      messageId: envelope.id,
      reason,
    });
  }
}
