import { isDeliveryChannel, type TriggerRequestedData } from '@herald/contracts';
import type { QuarantinedMessage } from '@herald/messaging';
import { Injectable, Logger } from '@nestjs/common';

import { FailedTriggerRepository } from './failed-trigger.repository';

/**
 * Makes a quarantined `trigger.requested.v1` visible (decision 0030): one `failed_triggers` row,
 * keyed by the message id (a second quarantine of the same message changes nothing), which the
 * activity feed shows under the trigger's transactionId with one FAILED job and the reason. A
 * trigger whose event (or duplicate row) exists was processed after all: nothing to record.
 */
@Injectable()
export class QuarantinedTriggerRecorder {
  private readonly logger = new Logger('QuarantinedTrigger');

  constructor(private readonly failedTriggers: FailedTriggerRepository) {}

  async record({ envelope, reason }: QuarantinedMessage<TriggerRequestedData>): Promise<void> {
    if (!envelope) return;
    const trigger = envelope.data;
    if (await this.failedTriggers.wasProcessed(envelope.environmentId, trigger.transactionId, envelope.id)) return;
    const active = trigger.workflow.steps.filter((step) => step.active);
    const first = active[0] ?? trigger.workflow.steps[0];
    const channels = [...new Set(active.map((step) => step.type).filter(isDeliveryChannel))];
    const subscriberIds = trigger.to.flatMap((recipient) =>
      recipient.type === 'Subscriber' ? [recipient.subscriberId] : [],
    );
    await this.failedTriggers.insert({
      messageId: envelope.id,
      environmentId: envelope.environmentId,
      organizationId: trigger.organizationId,
      transactionId: trigger.transactionId,
      workflowId: trigger.workflow.id,
      workflowIdentifier: trigger.workflow.identifier,
      workflowName: trigger.workflow.name,
      stepId: first?.stepId ?? 'trigger',
      stepType: first?.type ?? 'in_app',
      stepName: first?.name ?? 'trigger',
      channels,
      subscriberIds,
      payload: trigger.payload,
      reason,
    });
    this.logger.warn({
      msg: 'trigger quarantined: shown as failed in the activity feed',
      environmentId: envelope.environmentId,
      transactionId: trigger.transactionId,
      messageId: envelope.id,
      reason,
    });
  }
}
