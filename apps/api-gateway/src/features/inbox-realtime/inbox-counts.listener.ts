import {
  type Envelope,
  INBOX_COUNTS_CHANGED_V1,
  type InboxCountsChangedData,
  inboxCountsChangedDataSchema,
} from '@herald/contracts';
import { type MessageConsumer, Messaging } from '@herald/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';

import { countPayloads, NovuSocketEvent, subscriberRoom } from './novu-socket-events';

/** Where count events go: the socket.io server's rooms on this replica. */
export interface CountsRecipient {
  emitToRoom(room: string, event: string, payload: unknown): void;
}

/**
 * Consumes `inbox.counts-changed.v1` (runner-in-app, after any change to an inbox) on this replica's
 * own exclusive queue — every replica sees every change — and sends Novu's `unseen_count_changed`
 * and `unread_count_changed` to the sockets of that subscriber it holds.
 */
@Injectable()
export class InboxCountsListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxCountsListener.name);
  private consumer?: MessageConsumer<InboxCountsChangedData>;
  private recipient?: CountsRecipient;

  constructor(@Optional() @Inject(Messaging) private readonly messaging?: Messaging) {}

  /** Set by the socket gateway once its server exists. */
  deliverTo(recipient: CountsRecipient): void {
    this.recipient = recipient;
  }

  onApplicationBootstrap(): void {
    if (!this.messaging) {
      this.logger.warn('no broker connection: inbox sockets get no count changes');
      return;
    }
    this.consumer = this.messaging.consume<InboxCountsChangedData>({
      service: 'api-gateway',
      purpose: 'inbox-counts',
      mode: 'replica',
      routingKeys: [INBOX_COUNTS_CHANGED_V1],
      dataSchema: inboxCountsChangedDataSchema,
      prefetch: 200,
      handler: async (envelope) => this.dispatch(envelope),
    });
  }

  /** True once this replica's queue is consumed. */
  get isListening(): boolean {
    return this.consumer?.isReady ?? false;
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private dispatch({ data }: Envelope<InboxCountsChangedData>): void {
    const room = subscriberRoom(data.environmentId, data.subscriberId);
    const { unseen, unread } = countPayloads(data);
    this.recipient?.emitToRoom(room, NovuSocketEvent.UnseenCountChanged, unseen);
    this.recipient?.emitToRoom(room, NovuSocketEvent.UnreadCountChanged, unread);
  }
}
