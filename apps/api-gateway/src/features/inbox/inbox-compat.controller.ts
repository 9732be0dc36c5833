import { Controller, Get, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { InboxTokenGuard } from '../../pipeline/authentication/inbox-token.guard';
import { inboxEmptyCursorPageSchema, inboxEmptyItemSchema, inboxEmptyListSchema } from './inbox-response.schema';

type EmptyList = z.infer<typeof inboxEmptyListSchema>;
type EmptyItem = z.infer<typeof inboxEmptyItemSchema>;
type EmptyCursorPage = z.infer<typeof inboxEmptyCursorPageSchema>;

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
  @OpenApi({ response: inboxEmptyListSchema })
  topicSubscriptions(): EmptyList {
    return { data: [] };
  }

  @Get('topics/:topicKey/subscriptions/:identifier')
  @OpenApi({ response: inboxEmptyItemSchema })
  topicSubscription(): EmptyItem {
    return { data: null };
  }

  @Get('channel-connections')
  @OpenApi({ response: inboxEmptyCursorPageSchema })
  channelConnections(): EmptyCursorPage {
    return { data: [], next: null, previous: null };
  }

  @Get('channel-connections/:identifier')
  @OpenApi({ response: inboxEmptyItemSchema })
  channelConnection(): EmptyItem {
    return { data: null };
  }

  @Get('channel-endpoints')
  @OpenApi({ response: inboxEmptyCursorPageSchema })
  channelEndpoints(): EmptyCursorPage {
    return { data: [], next: null, previous: null };
  }

  @Get('channel-endpoints/:identifier')
  @OpenApi({ response: inboxEmptyItemSchema })
  channelEndpoint(): EmptyItem {
    return { data: null };
  }
}
