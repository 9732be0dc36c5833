import { Controller, Get, Param, Query, Req, UseGuards } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { ListSubscriberTopicsQuery, listSubscriberTopicsQuerySchema } from './topic-request.schema';
import { toSubscriptionResponse } from './topic-response.mapper';
import { topicSubscriptionPageSchema } from './topic-response.schema';

/**
 * `GET /v2/subscribers/:subscriberId/subscriptions` (`@novu/api`'s `subscribers.topics.list`): the
 * topics a subscriber belongs to, as a cursor page of Novu's `TopicSubscriptionResponseDto`; 404 for
 * a subscriber the environment does not have. Sent unwrapped (cursors beside `data`), as Novu does.
 */
@OpenApi({ tag: 'Subscribers', errorResponses: true })
@Controller('v2/subscribers/:subscriberId/subscriptions')
@UseGuards(ApiKeyGuard)
export class SubscriberTopicsController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  @Get()
  @OpenApi({ response: topicSubscriptionPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Param('subscriberId') subscriberId: string,
    @Query(new ZodValidationPipe(listSubscriberTopicsQuerySchema)) query: ListSubscriberTopicsQuery,
  ): Promise<z.infer<typeof topicSubscriptionPageSchema>> {
    const page = await this.worker.call(request.environment.environmentId, 'subscribers.topics.list.v1', {
      subscriberId,
      key: query.key,
      after: query.after,
      limit: query.limit,
      orderDirection: query.orderDirection,
    });
    // A subscription naming a context is one Herald cannot have (it answered the 404 all the same).
    if (query.contextKeys?.length)
      return { data: [], next: null, previous: null, totalCount: 0, totalCountCapped: false };
    return { ...page, data: page.data.map(toSubscriptionResponse) };
  }
}
