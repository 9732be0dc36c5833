import type { WorkerSubscription } from '@herald/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import type { z } from '../../core/openapi/openapi-zod';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import {
  ListSubscriptionsQuery,
  listSubscriptionsQuerySchema,
  subscriptionsBodySchema,
  UpdateSubscriptionBody,
  updateSubscriptionBodySchema,
} from './topic-request.schema';
import { subscriberOfIdentifier, subscriptionIdentifier, toSubscriptionResponse } from './topic-response.mapper';
import {
  subscriptionDetailsEnvelopeSchema,
  topicSubscriptionEnvelopeSchema,
  topicSubscriptionPageSchema,
  topicSubscriptionsChangeSchema,
} from './topic-response.schema';

/**
 * `POST|GET|DELETE /v2/topics/:topicKey/subscriptions`, and one subscription by its identifier
 * (`GET|PATCH …/subscriptions/:identifier`, Novu's default `tk_<topicKey>:si_<subscriberId>`). Replies carry more keys than `data`
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

  /** One subscription by its identifier (`SubscriptionDetailsResponseDto`). */
  @Get(':identifier')
  @OpenApi({ response: subscriptionDetailsEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Param('identifier') identifier: string,
  ): Promise<z.infer<typeof subscriptionDetailsEnvelopeSchema>> {
    const subscription = await this.find(request, key, identifier);
    return {
      data: {
        id: subscription._id,
        identifier: subscriptionIdentifier(key, subscription.subscriber.subscriberId),
        ...(subscription.name ? { name: subscription.name } : {}),
        preferences: [],
      },
    };
  }

  /** Names the subscription (`SubscriptionResponseDto`); per-subscription preferences are refused (422). */
  @Patch(':identifier')
  @OpenApi({ response: topicSubscriptionEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Param('identifier') identifier: string,
    @Body(new ZodValidationPipe(updateSubscriptionBodySchema)) body: UpdateSubscriptionBody,
  ): Promise<z.infer<typeof topicSubscriptionEnvelopeSchema>> {
    const subscriberId = subscriberOfIdentifier(key, identifier);
    const updated =
      subscriberId === undefined
        ? null
        : await this.worker.call(request.environment.environmentId, 'topics.subscriptions.update.v1', {
            key,
            subscriberId,
            name: body.name,
          });
    if (!updated) throw subscriptionNotFound(key, identifier);
    return { data: toSubscriptionResponse(updated) };
  }

  private async find(request: AuthenticatedRequest, key: string, identifier: string): Promise<WorkerSubscription> {
    const subscriberId = subscriberOfIdentifier(key, identifier);
    if (subscriberId === undefined) throw subscriptionNotFound(key, identifier);
    const page = await this.worker.call(request.environment.environmentId, 'topics.subscriptions.list.v1', {
      key,
      limit: 1,
      subscriberId,
    });
    const [subscription] = page.data;
    if (!subscription) throw subscriptionNotFound(key, identifier);
    return subscription;
  }
}

function subscriptionNotFound(key: string, identifier: string): NotFoundException {
  return new NotFoundException(`Subscription ${identifier} not found for topic ${key}`);
}
