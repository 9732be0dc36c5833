import type { RunnerDefinition } from '@herald/runner-kit';

import { MessageDeletedHandler } from './handlers/message-deleted.handler';
import { HERALD_INBOX_INTEGRATION, inboxProvider } from './inbox/inbox.provider';
import { InboxRepository } from './inbox/inbox.repository';
import { InboxRpcServer } from './inbox/inbox.rpc-server';
import { InboxNotificationsRepository } from './inbox/inbox-notifications.repository';
import { InboxSnoozeSweep } from './inbox/inbox-snooze-sweep';
import { Inbox1764600000000 } from './persistence/migrations/1764600000000-inbox';
import { InboxJobIndex1764700000000 } from './persistence/migrations/1764700000000-inbox-job-index';
import { InboxCountsChanged1764900000000 } from './persistence/migrations/1764900000000-inbox-counts-changed';
import { InboxNotificationState1765000000000 } from './persistence/migrations/1765000000000-inbox-notification-state';
import { InboxCountsWithoutSnoozed1765100000000 } from './persistence/migrations/1765100000000-inbox-counts-without-snoozed';
import { InboxSnoozeEnd1765200000000 } from './persistence/migrations/1765200000000-inbox-snooze-end';
import { InboxCountsOnDelivery1765400000000 } from './persistence/migrations/1765400000000-inbox-counts-on-delivery';

/**
 * runner-in-app: Herald's own inbox, stored in this runner's schema, served over RPC and cleared
 * of messages deleted through the messages API.
 */
export const inAppRunner: RunnerDefinition = {
  channel: 'in_app',
  providers: [inboxProvider()],
  builtinIntegration: HERALD_INBOX_INTEGRATION,
  migrations: [
    Inbox1764600000000,
    InboxJobIndex1764700000000,
    InboxCountsChanged1764900000000,
    InboxNotificationState1765000000000,
    InboxCountsWithoutSnoozed1765100000000,
    InboxSnoozeEnd1765200000000,
    InboxCountsOnDelivery1765400000000,
  ],
  nestProviders: [
    InboxRepository,
    InboxNotificationsRepository,
    InboxRpcServer,
    MessageDeletedHandler,
    InboxSnoozeSweep,
  ],
};
