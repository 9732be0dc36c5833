import { Body, Controller, Delete, HttpCode, Param, Patch, Req, UseGuards } from '@nestjs/common';

import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { InboxNotificationsService } from './inbox-notifications.service';
import { subscriberScopeOf } from './subscriber-inbox.controller';
import {
  buttonTypeSchema,
  inboxNotificationEnvelopeSchema,
  SnoozeNotificationBody,
  snoozeNotificationBodySchema,
} from './subscriber-notifications.schema';

/**
 * `@novu/api`'s server-side notification operations (`subscribers.notifications.*`): the inbox's
 * own actions (decision 0034) on a subscriber's notification, with the API key's environment
 * instead of a session token. A notification of another subscriber or environment is a 404.
 */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v2/subscribers/:subscriberId/notifications/:notificationId')
@UseGuards(ApiKeyGuard)
export class SubscriberNotificationsController {
  constructor(private readonly notifications: InboxNotificationsService) {}

  @Patch('read')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  read(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'read');
  }

  @Patch('unread')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unread(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unread');
  }

  @Patch('archive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  archive(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'archive');
  }

  @Patch('unarchive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unarchive(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unarchive');
  }

  @Patch('snooze')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  snooze(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
    @Body(new ZodValidationPipe(snoozeNotificationBodySchema)) body: SnoozeNotificationBody,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'snooze', {
      snoozeUntil: body.snoozeUntil,
    });
  }

  @Patch('unsnooze')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unsnooze(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unsnooze');
  }

  @Patch('actions/:actionType/complete')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  complete(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
    @Param('actionType') actionType: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'complete', {
      actionType: buttonOf(actionType),
    });
  }

  @Patch('actions/:actionType/revert')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  revert(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
    @Param('actionType') actionType: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'revert', {
      actionType: buttonOf(actionType),
    });
  }

  @Delete()
  @HttpCode(204)
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ): Promise<void> {
    await this.notifications.delete(subscriberScopeOf(request, subscriberId), id);
  }
}

function buttonOf(actionType: string): 'primary' | 'secondary' {
  const checked = buttonTypeSchema.safeParse(actionType);
  if (!checked.success) throw GatewayException.invalidField('actionType', ['must be primary or secondary'], actionType);
  return checked.data;
}
