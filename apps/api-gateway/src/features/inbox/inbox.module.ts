import { Module } from '@nestjs/common';

import { InboxRpcClient } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { IntegrationsModule } from '../integrations/integrations.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { InboxCompatController } from './inbox-compat.controller';
import { InboxEnvironmentRepository } from './inbox-environment.repository';
import { InboxNotificationsController } from './inbox-notifications.controller';
import { InboxNotificationsService } from './inbox-notifications.service';
import { InboxPreferencesController } from './inbox-preferences.controller';
import { InboxPreferencesService } from './inbox-preferences.service';
import { InboxSessionController } from './inbox-session.controller';
import { InboxSessionService } from './inbox-session.service';
import { InboxStreamController } from './inbox-stream.controller';
import { InboxStreamHub } from './inbox-stream.hub';
import { SubscriberInboxController } from './subscriber-inbox.controller';
import { SubscriberNotificationsController } from './subscriber-notifications.controller';
import { SubscriberPreferencesBulkController } from './subscriber-preferences-bulk.controller';

/**
 * The in-app inbox at the gateway: Novu's `/v1/inbox` API for `@novu/js` and `<Inbox />` (public
 * session, then the session token; decision 0034), Novu's v1 feed, unseen-count and mark routes,
 * and `@novu/api`'s `/v2/subscribers/:id/notifications…` and `…/preferences/bulk` (the same use
 * cases with an API key; decision 0045). Notifications are runner-in-app's, over RPC; preferences
 * trigger-worker's. Also the SSE stream of new messages.
 */
@Module({
  imports: [WorkflowsModule, IntegrationsModule, SubscribersModule],
  controllers: [
    SubscriberInboxController,
    SubscriberNotificationsController,
    SubscriberPreferencesBulkController,
    InboxSessionController,
    InboxStreamController,
    InboxNotificationsController,
    InboxPreferencesController,
    InboxCompatController,
  ],
  providers: [
    InboxRpcClient,
    InboxStreamHub,
    InboxEnvironmentRepository,
    InboxNotificationsService,
    InboxSessionService,
    InboxPreferencesService,
  ],
  exports: [InboxStreamHub, InboxRpcClient, InboxNotificationsService],
})
export class InboxModule {}
