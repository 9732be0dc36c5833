import { Body, Controller, Delete, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { ListSubscriptionsQuery, listSubscriptionsQuerySchema, subscriptionsBodySchema } from './topic-request.schema';
import { toSubscriptionResponse } from './topic-response.mapper';
import { topicSubscriptionPageSchema, topicSubscriptionsChangeSchema } from './topic-response.schema';

/**
 * `POST|GET|DELETE /v2/topics/:topicKey/subscriptions`. Replies carry more keys than `data`
 * (`meta`, `errors`, cursors), so they are sent unwrapped, as Novu does.
 */
@OpenApi({ tag: 'Topics' })
@Controller('v2/topics/:topicKey/subscriptions')
@UseGuards(ApiKeyGuard)
export class TopicSubscriptionsController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Subscribes existing subscribers (creating the topic if needed); unknown ones are listed in `errors`. */
  @Post()
  @OpenApi({ response: topicSubscriptionsChangeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(subscriptionsBodySchema)) subscriberIds: string[],
  ): Promise<z.infer<typeof topicSubscriptionsChangeSchema>> {
    const result = await this.worker.call(request.environment.environmentId, 'topics.subscriptions.create.v1', {
      key,
      subscriberIds,
    });
    return { data: result.data.map(toSubscriptionResponse), meta: result.meta, errors: result.errors };
  }

  @Get()
  @OpenApi({ response: topicSubscriptionPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Query(new ZodValidationPipe(listSubscriptionsQuerySchema)) query: ListSubscriptionsQuery,
  ): Promise<z.infer<typeof topicSubscriptionPageSchema>> {
    const page = await this.worker.call(request.environment.environmentId, 'topics.subscriptions.list.v1', {
      key,
      after: query.after,
      limit: query.limit,
      subscriberId: query.subscriberId,
    });
    return { ...page, data: page.data.map(toSubscriptionResponse) };
  }

  /** Unsubscribes; subscribers that were not subscribed are listed in `errors`. */
  @Delete()
  @OpenApi({ response: topicSubscriptionsChangeSchema })
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(subscriptionsBodySchema)) subscriberIds: string[],
  ): Promise<z.infer<typeof topicSubscriptionsChangeSchema>> {
    const result = await this.worker.call(request.environment.environmentId, 'topics.subscriptions.delete.v1', {
      key,
      subscriberIds,
    });
    const removed = new Set(result.data.map((subscription) => subscription.subscriber.subscriberId));
    const errors = subscriberIds
      .filter((subscriberId) => !removed.has(subscriberId))
      .map((subscriberId) => ({
        subscriberId,
        code: 'SUBSCRIPTION_NOT_FOUND',
        message: `subscriber ${subscriberId} is not subscribed to topic ${key}`,
      }));
    return { data: result.data.map(toSubscriptionResponse), meta: result.meta, errors };
  }
}
