import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';

import { InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  SubscriberBulkBody,
  subscriberBulkBodySchema,
  SubscriberCountQuery,
  subscriberCountQuerySchema,
  SubscriberNotificationsQuery,
  subscriberNotificationsQuerySchema,
  SubscriberSeenBody,
  subscriberSeenBodySchema,
} from './inbox-api.schema';
import { InboxNotificationsService } from './inbox-notifications.service';
import { inboxCountsSchema, inboxNotificationsPageSchema } from './inbox-response.schema';
import { subscriberScopeOf } from './subscriber-inbox.controller';
import {
  buttonTypeSchema,
  inboxNotificationEnvelopeSchema,
  SnoozeNotificationBody,
  snoozeNotificationBodySchema,
} from './subscriber-notifications.schema';

/**
 * `@novu/api`'s server-side notification operations (`subscribers.notifications.*`): the inbox's
 * own list, counts and actions (decision 0034) on a subscriber's notifications, with the API key's
 * environment instead of a session token. A notification of another subscriber or environment is a
 * 404; so is a subscriber that does not exist, for the list, counts and bulk actions (decision 0045).
 */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v2/subscribers/:subscriberId/notifications')
@UseGuards(ApiKeyGuard)
export class SubscriberNotificationsController {
  constructor(
    private readonly notifications: InboxNotificationsService,
    private readonly worker: TriggerWorkerClient,
  ) {}

  @Get()
  @OpenApi({ response: inboxNotificationsPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(subscriberNotificationsQuerySchema)) query: SubscriberNotificationsQuery,
  ) {
    const scope = subscriberScopeOf(request, subscriberId);
    const [page] = await Promise.all([this.notifications.list(scope, query), this.requireSubscriber(scope)]);
    return page;
  }

  @Get('count')
  @OpenApi({ response: inboxCountsSchema })
  async count(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(subscriberCountQuerySchema)) query: SubscriberCountQuery,
  ) {
    const scope = subscriberScopeOf(request, subscriberId);
    const [counts] = await Promise.all([this.notifications.count(scope, query.filters), this.requireSubscriber(scope)]);
    return counts;
  }

  @Post('read')
  @HttpCode(204)
  async readAll(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberBulkBodySchema)) body: SubscriberBulkBody,
  ): Promise<void> {
    await this.bulk(request, subscriberId, 'read', body);
  }

  @Post('archive')
  @HttpCode(204)
  async archiveAll(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberBulkBodySchema)) body: SubscriberBulkBody,
  ): Promise<void> {
    await this.bulk(request, subscriberId, 'archive', body);
  }

  @Post('read-archive')
  @HttpCode(204)
  async archiveAllRead(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberBulkBodySchema)) body: SubscriberBulkBody,
  ): Promise<void> {
    await this.bulk(request, subscriberId, 'read-archive', body);
  }

  @Post('delete')
  @HttpCode(204)
  async deleteAll(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberBulkBodySchema)) body: SubscriberBulkBody,
  ): Promise<void> {
    await this.bulk(request, subscriberId, 'delete', body);
  }

  @Post('seen')
  @HttpCode(204)
  async seen(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Body(new ZodValidationPipe(subscriberSeenBodySchema)) body: SubscriberSeenBody,
  ): Promise<void> {
    await this.bulk(request, subscriberId, 'seen', body);
  }

  @Patch(':notificationId/read')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  read(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'read');
  }

  @Patch(':notificationId/unread')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unread(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unread');
  }

  @Patch(':notificationId/archive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  archive(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'archive');
  }

  @Patch(':notificationId/unarchive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unarchive(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unarchive');
  }

  @Patch(':notificationId/snooze')
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

  @Patch(':notificationId/unsnooze')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unsnooze(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ) {
    return this.notifications.update(subscriberScopeOf(request, subscriberId), id, 'unsnooze');
  }

  @Patch(':notificationId/actions/:actionType/complete')
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

  @Patch(':notificationId/actions/:actionType/revert')
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

  @Delete(':notificationId')
  @HttpCode(204)
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Param('notificationId') id: string,
  ): Promise<void> {
    await this.notifications.delete(subscriberScopeOf(request, subscriberId), id);
  }

  /** One bulk action, once the subscriber is known to exist (Novu answers 404 otherwise). */
  private async bulk(
    request: AuthenticatedRequest,
    subscriberId: string,
    action: 'read' | 'seen' | 'archive' | 'read-archive' | 'delete',
    body: SubscriberBulkBody | SubscriberSeenBody,
  ): Promise<void> {
    const scope = subscriberScopeOf(request, subscriberId);
    await this.requireSubscriber(scope);
    await this.notifications.bulk(scope, action, body);
  }

  /** A 404 for a subscriber this environment does not have (runner-in-app keeps no subscribers). */
  private async requireSubscriber(scope: InboxScope): Promise<void> {
    await this.worker.call(scope.environmentId, 'subscribers.get.v1', { subscriberId: scope.subscriberId });
  }
}

function buttonOf(actionType: string): 'primary' | 'secondary' {
  const checked = buttonTypeSchema.safeParse(actionType);
  if (!checked.success) throw GatewayException.invalidField('actionType', ['must be primary or secondary'], actionType);
  return checked.data;
}
