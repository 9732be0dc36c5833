import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';

import { isUuid } from '../../adapters/trigger-worker-rpc/query-params';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { toActivityNotificationResponse } from './activity-response.mapper';
import { activityEnvelopeSchema, activityPageSchema } from './activity-response.schema';
import { ListNotificationsQuery, listNotificationsQuerySchema } from './notification-request.schema';

/** Novu's activity feed: notifications with their jobs and execution details, from trigger-worker. */
@OpenApi({ tag: 'Notifications' })
@Controller('v1/notifications')
@UseGuards(ApiKeyGuard)
export class NotificationsController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Newest first, 0-based pages: `{data, page, pageSize, hasMore}`. */
  @Get()
  @OpenApi({ response: activityPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listNotificationsQuerySchema)) query: ListNotificationsQuery,
  ) {
    const page = await this.worker.call(request.environment.environmentId, 'notifications.list.v1', query);
    return { ...page, data: page.data.map(toActivityNotificationResponse) };
  }

  @Get(':notificationId')
  @OpenApi({ response: activityEnvelopeSchema })
  async get(@Req() request: AuthenticatedRequest, @Param('notificationId') notificationId: string) {
    if (!isUuid(notificationId))
      throw new GatewayException(GatewayErrorCode.NotificationNotFound, `Notification ${notificationId} not found`);
    return {
      data: toActivityNotificationResponse(
        await this.worker.call(request.environment.environmentId, 'notifications.get.v1', { notificationId }),
      ),
    };
  }
}
