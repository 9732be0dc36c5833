import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  inboxFeedRequestSchema,
  inboxMarkAllRequestSchema,
  inboxMarkAsRequestSchema,
  inboxMessagesSinceRequestSchema,
  inboxUnseenCountRequestSchema,
  type Envelope,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import type { DataSource } from 'typeorm';
import { InboxRepository } from './inbox.repository';

/**
 * Serves the inbox over RPC on `runner-in-app.rpc` (feed, unseen count, mark-as, mark-all,
 * messages since a sequence number); the gateway maps these to Novu's routes and SSE. Requests
 * are validated by the contracts' schemas and scoped to the envelope's environment.
 */
@Injectable()
export class InboxRpcServer implements OnApplicationBootstrap {
  private readonly inbox: InboxRepository;

  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) dataSource: DataSource,
  ) {
    this.inbox = new InboxRepository(dataSource);
  }

  onApplicationBootstrap(): void {
    this.messaging
      .rpcServer({ service: INBOX_RPC_SERVICE })
      .handle(INBOX_FEED_V1, scoped((data) => this.inbox.feed(data)), inboxFeedRequestSchema)
      .handle(INBOX_UNSEEN_COUNT_V1, scoped(async (data) => ({ count: await this.inbox.unseenCount(data.environmentId, data.subscriberId) })), inboxUnseenCountRequestSchema)
      .handle(INBOX_MARK_AS_V1, scoped(async (data) => ({ data: await this.inbox.markAs(data.environmentId, data.subscriberId, data.messageIds, data.markAs) })), inboxMarkAsRequestSchema)
      .handle(INBOX_MARK_ALL_V1, scoped(async (data) => ({ count: await this.inbox.markAll(data.environmentId, data.subscriberId, data.markAs) })), inboxMarkAllRequestSchema)
      .handle(INBOX_MESSAGES_SINCE_V1, scoped(async (data) => ({ data: await this.inbox.since(data.environmentId, data.subscriberId, data.afterSeq, data.limit) })), inboxMessagesSinceRequestSchema)
      .start();
  }
}

/** Refuses a request whose data names another environment than its envelope. */
function scoped<T extends { environmentId: string }, R>(handler: (data: T) => Promise<R>): (request: Envelope<T>) => Promise<R> {
  return async (request) => {
    if (request.data.environmentId !== request.environmentId) throw Object.assign(new Error('data.environmentId does not match the envelope'), { code: 'invalid_request' });
    return handler(request.data);
  };
}
