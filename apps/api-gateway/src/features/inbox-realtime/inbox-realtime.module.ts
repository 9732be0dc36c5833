import { Module } from '@nestjs/common';

import { InboxModule } from '../inbox/inbox.module';
import { InboxCountsListener } from './inbox-counts.listener';
import { InboxSocketGateway } from './inbox-socket.gateway';

/**
 * Novu's socket.io realtime inbox (decision 0035): the gateway on `/socket.io/` and the listener
 * of count changes. New messages come from the inbox stream hub that feeds SSE streams too.
 */
@Module({
  imports: [InboxModule],
  providers: [InboxSocketGateway, InboxCountsListener],
  exports: [InboxCountsListener],
})
export class InboxRealtimeModule {}
