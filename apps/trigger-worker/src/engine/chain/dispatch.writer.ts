import {
  computeDeliveryKey,
  createContractMessage,
  isDeliveryChannel,
  type JobDispatchData,
  jobDispatchRoutingKey,
  type SubscriberSnapshot,
} from '@herald/contracts';
import { type OutboxMessage, publishAfterCommit } from '@herald/messaging';
import type { Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { TRIGGER_SCHEMA } from '../../platform/migrations/worker-migrations';
import type { JobRow } from '../jobs/job.row';
import type { StoredEvent } from './event.repository';

/** A QUEUED job with what its runner needs. */
export interface DispatchItem {
  job: Pick<
    JobRow,
    'id' | 'notificationId' | 'transactionId' | 'environmentId' | 'subscriberId' | 'stepIndex' | 'attempt' | 'digest'
  >;
  event: StoredEvent;
  subscriber: SubscriberSnapshot;
}

/**
 * Builds `job.dispatch.<channel>.v1` messages, published once the caller's transaction commits:
 * by the trigger consumer itself before it acks (decision 0048), else from the outbox.
 */
@Injectable()
export class DispatchWriter {
  async write(tx: Tx, items: readonly DispatchItem[]): Promise<void> {
    if (items.length === 0) return;
    await publishAfterCommit(
      tx,
      TRIGGER_SCHEMA,
      items.map((item) => this.message(item)),
    );
  }

  private message({ job, event, subscriber }: DispatchItem): OutboxMessage {
    const step = event.workflow.steps[job.stepIndex];
    if (!step || !isDeliveryChannel(step.type)) throw new Error(`job ${job.id} is not a delivery step`);
    const channel = step.type;
    const data: JobDispatchData = {
      jobId: job.id,
      notificationId: job.notificationId,
      transactionId: job.transactionId,
      environmentId: job.environmentId,
      organizationId: event.organizationId,
      attempt: job.attempt,
      deliveryKey: computeDeliveryKey({
        environmentId: job.environmentId,
        transactionId: job.transactionId,
        subscriberId: job.subscriberId,
        stepId: step.stepId,
      }),
      workflow: {
        id: event.workflow.id,
        identifier: event.workflow.identifier,
        version: event.workflow.version,
        name: event.workflow.name,
      },
      step: { stepId: step.stepId, name: step.name, type: channel, controlValues: step.controlValues },
      subscriber,
      payload: event.payload,
      overrides: event.overrides,
      ...(event.actor ? { actor: event.actor } : {}),
      ...(event.tenant ? { tenant: event.tenant } : {}),
      ...(job.digest ? { digest: job.digest } : {}),
      attachments: event.attachments.filter(
        (attachment) => !attachment.channels || attachment.channels.includes(channel),
      ),
    };
    // Validated here, so a bad dispatch fails this transaction instead of being dead-lettered by a runner.
    return { envelope: createContractMessage(jobDispatchRoutingKey(channel), data) };
  }
}
