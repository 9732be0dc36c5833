import {
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_NOTIFICATION_UPDATE_V1,
  INBOX_NOTIFICATIONS_BULK_V1,
  INBOX_NOTIFICATIONS_COUNT_V1,
  INBOX_NOTIFICATIONS_LIST_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { InboxRepository } from './inbox.repository';
import { InboxNotificationsRepository } from './inbox-notifications.repository';

/**
 * Serves the inbox over RPC on `runner-in-app.rpc` (feed, unseen count, mark-as, mark-all,
 * messages since a sequence number, and the `/v1/inbox/notifications` list, counts and actions); the gateway maps these to Novu's routes and SSE. Requests
 * are validated by the contracts' schemas and scoped to the envelope's environment.
 */
@Injectable()
export class InboxRpcServer implements OnApplicationBootstrap {
  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    private readonly inbox: InboxRepository,
    private readonly notifications: InboxNotificationsRepository,
  ) {}

  onApplicationBootstrap(): void {
    const { inbox, notifications } = this;
    this.messaging
      .rpcServer({ service: INBOX_RPC_SERVICE })
      .serve(INBOX_FEED_V1, (r) => inbox.feed(r))
      .serve(INBOX_UNSEEN_COUNT_V1, async (r) => ({ count: await inbox.unseenCount(r.environmentId, r.subscriberId) }))
      .serve(INBOX_MARK_AS_V1, async (r) => ({
        data: await inbox.markAs(r.environmentId, r.subscriberId, r.messageIds, r.markAs),
      }))
      .serve(INBOX_MARK_ALL_V1, async (r) => ({
        count: await inbox.markAll(r.environmentId, r.subscriberId, r.markAs),
      }))
      .serve(INBOX_MESSAGES_SINCE_V1, async (r) => ({
        data: await inbox.since(r.environmentId, r.subscriberId, r.afterSeq, r.limit),
      }))
      .serve(INBOX_NOTIFICATIONS_LIST_V1, (r) => notifications.list(r))
      .serve(INBOX_NOTIFICATIONS_COUNT_V1, async (r) => ({ counts: await notifications.count(r, r.filters) }))
      .serve(INBOX_NOTIFICATION_UPDATE_V1, (r) => notifications.update(r))
      .serve(INBOX_NOTIFICATIONS_BULK_V1, async (r) => ({ count: await notifications.bulk(r) }))
      .start();
  }
}
