import {
  type Envelope,
  MESSAGE_DELETED_V1,
  type MessageDeletedData,
  messageDeletedDataSchema,
} from '@herald/contracts';
import { type MessageConsumer, Messaging } from '@herald/messaging';
import { RUNNER_CHANNELS, RUNNER_CONFIG, type RunnerConfig } from '@herald/runner-kit';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { InboxRepository } from '../inbox/inbox.repository';

/** The work queue of deletions: `runner-in-app.message-deletions`. */
export const MESSAGE_DELETIONS_PURPOSE = 'message-deletions';

/**
 * Consumes `message.deleted.v1` (trigger-worker, after `DELETE /v1/messages…`) on its own durable
 * work queue and removes the inbox message: it leaves the feed and the unseen count. Deletions of
 * other channels' messages are acked without effect. Removing is idempotent (a second delete
 * finds nothing), so redelivery needs no ledger.
 */
@Injectable()
export class MessageDeletedHandler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MessageDeletedHandler.name);
  private consumer?: MessageConsumer<MessageDeletedData>;

  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    private readonly inbox: InboxRepository,
    @Inject(RUNNER_CONFIG) private readonly config: RunnerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumer = this.messaging.consume<MessageDeletedData>({
      service: RUNNER_CHANNELS.in_app.app,
      purpose: MESSAGE_DELETIONS_PURPOSE,
      routingKeys: [MESSAGE_DELETED_V1],
      dataSchema: messageDeletedDataSchema,
      prefetch: this.config.AMQP_PREFETCH,
      retry: { delaysMs: this.config.RUNNER_RETRY_DELAYS_MS },
      handler: (envelope) => this.handle(envelope),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle({ environmentId, data }: Envelope<MessageDeletedData>): Promise<void> {
    if (data.channel !== 'in_app') return;
    const removed = await this.inbox.removeDelivered(environmentId, {
      jobId: data.jobId,
      messageId: data.deliveredMessageId,
    });
    this.logger.debug({ msg: 'inbox message deleted', environmentId, jobId: data.jobId, removed });
  }
}
