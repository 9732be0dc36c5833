import { idSchema, safeIdentifier } from '@herald/contracts';
import { Controller, Get, Query, Req, UseGuards } from '@nestjs/common';

import { isUuid } from '../../adapters/trigger-worker-rpc/query-params';
import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { toExecutionDetailResponse } from '../notifications/activity-response.mapper';
import { executionDetailResponseSchema } from '../notifications/activity-response.schema';

/** Novu's `ExecutionDetailsRequestDto`: both are required. */
const executionDetailsQuerySchema = z.object({
  notificationId: z.string({ required_error: 'is required' }).min(1).max(255),
  subscriberId: safeIdentifier(idSchema),
});
type ExecutionDetailsQuery = z.output<typeof executionDetailsQuerySchema>;

/** Novu's list of `ExecutionDetailsResponseDto`, each with its notification's ids and its job's channel. */
const executionDetailsListSchema = z.object({
  data: z.array(
    executionDetailResponseSchema.extend({
      providerId: z.string(),
      _organizationId: z.string(),
      _environmentId: z.string(),
      _notificationId: z.string(),
      _notificationTemplateId: z.string(),
      _subscriberId: z.string(),
      transactionId: z.string(),
      channel: z.string(),
      updatedAt: z.string(),
    }),
  ),
});

/**
 * `GET /v1/execution-details`: every status change of every job of one subscriber's notification,
 * oldest first — the execution details the activity feed already carries, flattened as Novu lists them.
 */
@OpenApi({ tag: 'Execution Details' })
@Controller('v1/execution-details')
@UseGuards(ApiKeyGuard)
export class ExecutionDetailsController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  @Get()
  @OpenApi({ response: executionDetailsListSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(executionDetailsQuerySchema)) query: ExecutionDetailsQuery,
  ): Promise<z.infer<typeof executionDetailsListSchema>> {
    const { environmentId, organizationId } = request.environment;
    const subscriber = await this.worker.find(environmentId, 'subscribers.get.v1', {
      subscriberId: query.subscriberId,
    });
    if (!subscriber)
      throw new GatewayException(
        GatewayErrorCode.SubscriberNotFound,
        `Subscriber not found for id ${query.subscriberId}`,
      );
    // Herald's notification ids are UUIDs: anything else names no notification (Novu's answer is then an empty list).
    const notification = isUuid(query.notificationId)
      ? await this.worker.find(environmentId, 'notifications.get.v1', { notificationId: query.notificationId })
      : undefined;
    if (!notification || notification.subscriber.subscriberId !== query.subscriberId) return { data: [] };
    const details = notification.jobs.flatMap((job) =>
      job.executionDetails.map((detail) => ({
        // Novu requires a provider on every detail; one with none shows Novu's own id, as jobs do.
        providerId: 'novu',
        ...toExecutionDetailResponse(detail),
        _organizationId: organizationId,
        _environmentId: environmentId,
        _notificationId: notification._id,
        _notificationTemplateId: notification._templateId,
        _subscriberId: notification._subscriberId,
        transactionId: notification.transactionId,
        channel: job.type,
        updatedAt: detail.createdAt,
      })),
    );
    return { data: details.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
  }
}
