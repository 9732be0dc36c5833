import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  createEnvelope,
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  inboxCountResponseSchema,
  inboxFeedResponseSchema,
  inboxMarkAsResponseSchema,
  inboxMessagesSinceResponseSchema,
  type InboxFeedRequest,
  type InboxFeedResponse,
  type InboxMark,
  type InboxMessage,
} from '@herald/contracts';
import { BrokerUnavailableError, DataSchema, RpcClient } from '@herald/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

/** Who an inbox call is about. */
export interface InboxScope {
  environmentId: string;
  subscriberId: string;
}

/**
 * runner-in-app's inbox RPC methods as the gateway calls them, each bounded by
 * `INBOX_RPC_TIMEOUT_MS` and with its reply validated. Rejects with the messaging errors, which
 * the exception filter answers with a 503.
 */
@Injectable()
export class InboxRpcClient {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() private readonly rpc?: RpcClient,
  ) {}

  feed(request: InboxFeedRequest & InboxScope): Promise<InboxFeedResponse> {
    return this.call(request, INBOX_FEED_V1, request, inboxFeedResponseSchema);
  }

  async unseenCount(scope: InboxScope): Promise<number> {
    return (await this.call(scope, INBOX_UNSEEN_COUNT_V1, scope, inboxCountResponseSchema)).count;
  }

  async markAs(scope: InboxScope, messageIds: string[], markAs: InboxMark): Promise<InboxMessage[]> {
    return (await this.call(scope, INBOX_MARK_AS_V1, { ...scope, messageIds, markAs }, inboxMarkAsResponseSchema)).data;
  }

  async markAll(scope: InboxScope, markAs: InboxMark): Promise<number> {
    return (await this.call(scope, INBOX_MARK_ALL_V1, { ...scope, markAs }, inboxCountResponseSchema)).count;
  }

  /** Messages after `afterSeq`, oldest first, at most `limit`. */
  async messagesSince(scope: InboxScope, afterSeq: number, limit: number): Promise<InboxMessage[]> {
    return (await this.call(scope, INBOX_MESSAGES_SINCE_V1, { ...scope, afterSeq, limit }, inboxMessagesSinceResponseSchema)).data;
  }

  private async call<R>(scope: InboxScope, method: string, data: unknown, responseSchema: DataSchema<R>): Promise<R> {
    if (!this.rpc) throw new BrokerUnavailableError('no broker connection is configured');
    return this.rpc.call<R>(INBOX_RPC_SERVICE, createEnvelope(method, scope.environmentId, data), { timeoutMs: this.config.INBOX_RPC_TIMEOUT_MS, responseSchema });
  }
}
