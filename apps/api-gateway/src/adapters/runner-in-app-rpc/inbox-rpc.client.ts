import {
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_NOTIFICATION_UPDATE_V1,
  INBOX_NOTIFICATIONS_BULK_V1,
  INBOX_NOTIFICATIONS_COUNT_V1,
  INBOX_NOTIFICATIONS_LIST_V1,
  INBOX_UNSEEN_COUNT_V1,
  type InboxFeedRequest,
  type InboxFeedResponse,
  type InboxMark,
  type InboxMessage,
  type InboxNotification,
  type InboxNotificationFilter,
  type InboxNotificationsBulkRequest,
  type InboxNotificationsListRequest,
  type InboxNotificationsListResponse,
  type InboxNotificationUpdateRequest,
  type RpcMethod,
  type RpcRequestInput,
  type RpcResponse,
} from '@herald/contracts';
import { RpcClient } from '@herald/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { INBOX_HTTP_ERRORS } from '../rpc/rpc-http-errors';
import { ServiceRpcClient } from '../rpc/service-rpc.client';

/** Who an inbox call is about. */
export interface InboxScope {
  environmentId: string;
  subscriberId: string;
}

/**
 * runner-in-app's inbox RPC methods as the gateway calls them, each bounded by
 * `INBOX_RPC_TIMEOUT_MS` and with its reply validated. Every failure rejects with the 503 of
 * `INBOX_HTTP_ERRORS`.
 */
@Injectable()
export class InboxRpcClient {
  private readonly inbox: ServiceRpcClient;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() rpc?: RpcClient,
  ) {
    this.inbox = new ServiceRpcClient(rpc, INBOX_HTTP_ERRORS, config.INBOX_RPC_TIMEOUT_MS);
  }

  feed(request: InboxFeedRequest & InboxScope): Promise<InboxFeedResponse> {
    return this.call(request, INBOX_FEED_V1, request);
  }

  async unseenCount(scope: InboxScope): Promise<number> {
    return (await this.call(scope, INBOX_UNSEEN_COUNT_V1, scope)).count;
  }

  async markAs(scope: InboxScope, messageIds: string[], markAs: InboxMark): Promise<InboxMessage[]> {
    return (await this.call(scope, INBOX_MARK_AS_V1, { ...scope, messageIds, markAs })).data;
  }

  async markAll(scope: InboxScope, markAs: InboxMark): Promise<number> {
    return (await this.call(scope, INBOX_MARK_ALL_V1, { ...scope, markAs })).count;
  }

  /** Messages after `afterSeq`, oldest first, at most `limit`. */
  async messagesSince(scope: InboxScope, afterSeq: number, limit: number): Promise<InboxMessage[]> {
    return (await this.call(scope, INBOX_MESSAGES_SINCE_V1, { ...scope, afterSeq, limit })).data;
  }

  /** A filtered page of `/v1/inbox/notifications`. */
  list(
    scope: InboxScope,
    request: Omit<InboxNotificationsListRequest, keyof InboxScope>,
  ): Promise<InboxNotificationsListResponse> {
    return this.call(scope, INBOX_NOTIFICATIONS_LIST_V1, { ...request, ...scope });
  }

  /** How many notifications match each filter, in order. */
  async count(scope: InboxScope, filters: InboxNotificationFilter[]): Promise<number[]> {
    return (await this.call(scope, INBOX_NOTIFICATIONS_COUNT_V1, { ...scope, filters })).counts;
  }

  /** One action on one notification: the notification afterwards, or whether it existed (`delete`). */
  update(
    scope: InboxScope,
    request: Omit<InboxNotificationUpdateRequest, keyof InboxScope>,
  ): Promise<{ data: InboxNotification | null; found: boolean }> {
    return this.call(scope, INBOX_NOTIFICATION_UPDATE_V1, { ...request, ...scope });
  }

  /** One action on every matching notification; how many changed. */
  async bulk(scope: InboxScope, request: Omit<InboxNotificationsBulkRequest, keyof InboxScope>): Promise<number> {
    return (await this.call(scope, INBOX_NOTIFICATIONS_BULK_V1, { ...request, ...scope })).count;
  }

  private call<M extends RpcMethod>(scope: InboxScope, method: M, data: RpcRequestInput<M>): Promise<RpcResponse<M>> {
    return this.inbox.invoke(method, scope.environmentId, data);
  }
}
