import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  type Envelope,
  type inboxFeedRequestSchema,
  type InboxMarkAllRequest,
  type InboxMarkAsRequest,
  type inboxMessagesSinceRequestSchema,
  type InboxUnseenCountRequest,
} from '@herald/contracts';
import type { z } from 'zod';
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
      .handleContract(INBOX_FEED_V1, scoped((data: z.output<typeof inboxFeedRequestSchema>) => this.inbox.feed(data)))
      .handleContract(INBOX_UNSEEN_COUNT_V1, scoped(async (data: InboxUnseenCountRequest) => ({ count: await this.inbox.unseenCount(data.environmentId, data.subscriberId) })))
      .handleContract(INBOX_MARK_AS_V1, scoped(async (data: InboxMarkAsRequest) => ({ data: await this.inbox.markAs(data.environmentId, data.subscriberId, data.messageIds, data.markAs) })))
      .handleContract(INBOX_MARK_ALL_V1, scoped(async (data: InboxMarkAllRequest) => ({ count: await this.inbox.markAll(data.environmentId, data.subscriberId, data.markAs) })))
      .handleContract(INBOX_MESSAGES_SINCE_V1, scoped(async (data: z.output<typeof inboxMessagesSinceRequestSchema>) => ({ data: await this.inbox.since(data.environmentId, data.subscriberId, data.afterSeq, data.limit) })))
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
