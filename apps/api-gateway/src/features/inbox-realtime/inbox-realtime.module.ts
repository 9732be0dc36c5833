import { Module } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { InboxSessionTokens } from '../../pipeline/authentication/inbox-session.token';
import { InboxModule } from '../inbox/inbox.module';
import { InboxCountsListener } from './inbox-counts.listener';
import { InboxSocketGateway } from './inbox-socket.gateway';

/**
 * Novu's socket.io realtime inbox (decision 0035): the gateway on `/socket.io/` and the listener
 * of count changes. New messages come from the inbox stream hub that feeds SSE streams too.
 */
@Module({
  imports: [InboxModule],
  providers: [
    InboxSocketGateway,
    InboxCountsListener,
    // The same tokens as the session route and the SSE stream: same class, same secrets (the
    // current one and INBOX_SESSION_SECRET_PREVIOUS). Stateless, so a second instance is harmless.
    {
      provide: InboxSessionTokens,
      useFactory: (config: GatewayConfig) =>
        new InboxSessionTokens(config.INBOX_SESSION_SECRET, config.INBOX_SESSION_SECRET_PREVIOUS),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [InboxCountsListener],
})
export class InboxRealtimeModule {}
