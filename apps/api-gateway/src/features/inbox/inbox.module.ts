import { Module } from '@nestjs/common';

import { InboxRpcClient } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { InboxSessionController } from './inbox-session.controller';
import { InboxSessionTokens } from './inbox-session.token';
import { InboxStreamController } from './inbox-stream.controller';
import { InboxStreamHub } from './inbox-stream.hub';
import { SubscriberInboxController } from './subscriber-inbox.controller';

/**
 * The in-app inbox at the gateway: Novu's feed, unseen-count and mark routes (proxied to
 * runner-in-app over RPC), inbox session tokens, and the SSE stream of new messages.
 */
@Module({
  controllers: [SubscriberInboxController, InboxSessionController, InboxStreamController],
  providers: [
    InboxRpcClient,
    InboxStreamHub,
    {
      provide: InboxSessionTokens,
      useFactory: (config: GatewayConfig) =>
        new InboxSessionTokens(config.INBOX_SESSION_SECRET, config.INBOX_SESSION_SECRET_PREVIOUS),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [InboxStreamHub],
})
export class InboxModule {}
