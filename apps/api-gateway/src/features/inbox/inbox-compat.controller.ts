import { Controller, Get, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { InboxTokenGuard } from '../../pipeline/authentication/inbox-token.guard';

/**
 * The reads of `@novu/js` 3.x for features Herald's inbox does not have yet — topic subscriptions
 * managed from the inbox, chat channel connections and endpoints — answered with Novu's empty
 * shapes so `<Inbox />` renders (decision 0034). Their writes are not served (404).
 */
@OpenApi({ tag: 'Inbox' })
@Controller('v1/inbox')
@UseGuards(InboxTokenGuard)
export class InboxCompatController {
  @Get('topics/:topicKey/subscriptions')
  topicSubscriptions() {
    return { data: [] };
  }

  @Get('topics/:topicKey/subscriptions/:identifier')
  topicSubscription() {
    return { data: null };
  }

  @Get('channel-connections')
  channelConnections() {
    return { data: [], next: null, previous: null };
  }

  @Get('channel-connections/:identifier')
  channelConnection() {
    return { data: null };
  }

  @Get('channel-endpoints')
  channelEndpoints() {
    return { data: [], next: null, previous: null };
  }

  @Get('channel-endpoints/:identifier')
  channelEndpoint() {
    return { data: null };
  }
}
