import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, UseGuards } from '@nestjs/common';

import { OpenApi } from '../../core/openapi/openapi.decorator';
import { InboxRequest, inboxScopeOf, InboxTokenGuard } from '../../pipeline/authentication/inbox-token.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  ActionBody,
  actionBodySchema,
  BulkBody,
  bulkBodySchema,
  CountQuery,
  countQuerySchema,
  NotificationsQuery,
  notificationsQuerySchema,
  SeenBody,
  seenBodySchema,
  SnoozeBody,
  snoozeBodySchema,
} from './inbox-api.schema';
import { InboxNotificationsService } from './inbox-notifications.service';
import {
  inboxCountsSchema,
  inboxNotificationEnvelopeSchema,
  inboxNotificationsPageSchema,
} from './inbox-response.schema';

/**
 * Novu's `/v1/inbox/notifications` routes, exactly as `@novu/js` 3.19 calls them, for the
 * subscriber and environment of the session token (decision 0034).
 */
@OpenApi({ tag: 'Inbox' })
@Controller('v1/inbox/notifications')
@UseGuards(InboxTokenGuard)
export class InboxNotificationsController {
  constructor(private readonly notifications: InboxNotificationsService) {}

  @Get()
  @OpenApi({ response: inboxNotificationsPageSchema })
  list(
    @Req() request: InboxRequest,
    @Query(new ZodValidationPipe(notificationsQuerySchema)) query: NotificationsQuery,
  ) {
    return this.notifications.list(inboxScopeOf(request), query);
  }

  @Get('count')
  @OpenApi({ response: inboxCountsSchema })
  count(@Req() request: InboxRequest, @Query(new ZodValidationPipe(countQuerySchema)) query: CountQuery) {
    return this.notifications.count(inboxScopeOf(request), query.filters);
  }

  @Patch(':notificationId/read')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  read(@Req() request: InboxRequest, @Param('notificationId') id: string) {
    return this.notifications.update(inboxScopeOf(request), id, 'read');
  }

  @Patch(':notificationId/unread')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unread(@Req() request: InboxRequest, @Param('notificationId') id: string) {
    return this.notifications.update(inboxScopeOf(request), id, 'unread');
  }

  @Patch(':notificationId/archive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  archive(@Req() request: InboxRequest, @Param('notificationId') id: string) {
    return this.notifications.update(inboxScopeOf(request), id, 'archive');
  }

  @Patch(':notificationId/unarchive')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unarchive(@Req() request: InboxRequest, @Param('notificationId') id: string) {
    return this.notifications.update(inboxScopeOf(request), id, 'unarchive');
  }

  @Patch(':notificationId/snooze')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  snooze(
    @Req() request: InboxRequest,
    @Param('notificationId') id: string,
    @Body(new ZodValidationPipe(snoozeBodySchema)) body: SnoozeBody,
  ) {
    return this.notifications.update(inboxScopeOf(request), id, 'snooze', { snoozeUntil: body.snoozeUntil });
  }

  @Patch(':notificationId/unsnooze')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  unsnooze(@Req() request: InboxRequest, @Param('notificationId') id: string) {
    return this.notifications.update(inboxScopeOf(request), id, 'unsnooze');
  }

  @Patch(':notificationId/complete')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  complete(
    @Req() request: InboxRequest,
    @Param('notificationId') id: string,
    @Body(new ZodValidationPipe(actionBodySchema)) body: ActionBody,
  ) {
    return this.notifications.update(inboxScopeOf(request), id, 'complete', { actionType: body.actionType });
  }

  @Patch(':notificationId/revert')
  @OpenApi({ response: inboxNotificationEnvelopeSchema })
  revert(
    @Req() request: InboxRequest,
    @Param('notificationId') id: string,
    @Body(new ZodValidationPipe(actionBodySchema)) body: ActionBody,
  ) {
    return this.notifications.update(inboxScopeOf(request), id, 'revert', { actionType: body.actionType });
  }

  @Delete(':notificationId/delete')
  @HttpCode(204)
  async delete(@Req() request: InboxRequest, @Param('notificationId') id: string): Promise<void> {
    await this.notifications.delete(inboxScopeOf(request), id);
  }

  @Post('read')
  @HttpCode(204)
  async readAll(@Req() request: InboxRequest, @Body(new ZodValidationPipe(bulkBodySchema)) body: BulkBody) {
    await this.notifications.bulk(inboxScopeOf(request), 'read', body);
  }

  @Post('archive')
  @HttpCode(204)
  async archiveAll(@Req() request: InboxRequest, @Body(new ZodValidationPipe(bulkBodySchema)) body: BulkBody) {
    await this.notifications.bulk(inboxScopeOf(request), 'archive', body);
  }

  @Post('read-archive')
  @HttpCode(204)
  async archiveAllRead(@Req() request: InboxRequest, @Body(new ZodValidationPipe(bulkBodySchema)) body: BulkBody) {
    await this.notifications.bulk(inboxScopeOf(request), 'read-archive', body);
  }

  @Post('seen')
  @HttpCode(204)
  async seen(@Req() request: InboxRequest, @Body(new ZodValidationPipe(seenBodySchema)) body: SeenBody) {
    await this.notifications.bulk(inboxScopeOf(request), 'seen', body);
  }

  @Post('delete')
  @HttpCode(204)
  async deleteAll(@Req() request: InboxRequest, @Body(new ZodValidationPipe(bulkBodySchema)) body: BulkBody) {
    await this.notifications.bulk(inboxScopeOf(request), 'delete', body);
  }
}

/** Every call is about the token's environment and subscriber, never a parameter's. */
