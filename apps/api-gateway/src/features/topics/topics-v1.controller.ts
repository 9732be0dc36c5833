import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
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
  createdTopicV1Schema,
  topicSubscribersAddedV1Schema,
  topicSubscriberV1Schema,
  topicV1EnvelopeSchema,
  topicV1PageSchema,
} from './topic-response.schema';
import { TopicV1Reader } from './topic-v1.reader';
import {
  CreateTopicV1Body,
  createTopicV1BodySchema,
  ListTopicsV1Query,
  listTopicsV1QuerySchema,
  renameTopicV1BodySchema,
  TopicSubscribersV1Body,
  topicSubscribersV1BodySchema,
} from './topic-v1.schema';

/**
 * Novu's v1 topic routes (`@novu/node`'s `topics`), served from the same worker topics as `/v2/topics`.
 * v1 semantics where they differ from v2: create is a 409 for an existing key, delete is a 409
 * while the topic has subscribers, and a topic carries its `subscribers` ids.
 */
@OpenApi({ tag: 'Topics' })
@Controller('v1/topics')
@UseGuards(ApiKeyGuard)
export class TopicsV1Controller {
  constructor(
    private readonly worker: TriggerWorkerClient,
    private readonly topics: TopicV1Reader,
  ) {}

  @Post()
  @OpenApi({ response: createdTopicV1Schema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createTopicV1BodySchema)) body: CreateTopicV1Body,
  ): Promise<z.infer<typeof createdTopicV1Schema>> {
    const { environmentId } = request.environment;
    const existing = await this.worker.find(environmentId, 'topics.get.v1', { key: body.key });
    if (existing) throw new ConflictException(`Topic exists with key ${body.key} in the environment ${environmentId}`);
    const topic = await this.worker.call(environmentId, 'topics.upsert.v1', { key: body.key, name: body.name });
    return { data: { _id: topic._id, key: topic.key } };
  }

  /** Offset pages (0-based) in newest-first order; `key` is an exact match, as in Novu. */
  @Get()
  @OpenApi({ response: topicV1PageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listTopicsV1QuerySchema)) query: ListTopicsV1Query,
  ): Promise<z.infer<typeof topicV1PageSchema>> {
    return this.topics.page(request.environment, query);
  }

  @Get(':topicKey')
  @OpenApi({ response: topicV1EnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
  ): Promise<z.infer<typeof topicV1EnvelopeSchema>> {
    const { environmentId } = request.environment;
    const topic = await this.worker.call(environmentId, 'topics.get.v1', { key });
    return { data: await this.topics.withSubscribers(request.environment, topic) };
  }

  @Patch(':topicKey')
  @OpenApi({ response: topicV1EnvelopeSchema })
  async rename(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(renameTopicV1BodySchema)) body: { name: string },
  ): Promise<z.infer<typeof topicV1EnvelopeSchema>> {
    const topic = await this.worker.call(request.environment.environmentId, 'topics.update.v1', {
      key,
      name: body.name,
    });
    return { data: await this.topics.withSubscribers(request.environment, topic) };
  }

  /** Novu refuses to delete a topic that still has subscribers (409); remove them first. */
  @Delete(':topicKey')
  @HttpCode(204)
  async delete(@Req() request: AuthenticatedRequest, @Param('topicKey') key: string): Promise<void> {
    const { environmentId } = request.environment;
    const members = await this.worker.call(environmentId, 'topics.subscriptions.list.v1', { key, limit: 1 });
    if (members.data.length > 0)
      throw new ConflictException(
        `Topic with key ${key} in the environment ${environmentId} can't be deleted as it still has subscribers assigned`,
      );
    await this.worker.call(environmentId, 'topics.delete.v1', { key });
  }

  /** Subscribes existing subscribers (creating the topic if needed); unknown ones are `failed.notFound`. */
  @Post(':topicKey/subscribers')
  @HttpCode(200)
  @OpenApi({ response: topicSubscribersAddedV1Schema })
  async addSubscribers(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(topicSubscribersV1BodySchema)) body: TopicSubscribersV1Body,
  ): Promise<z.infer<typeof topicSubscribersAddedV1Schema>> {
    const result = await this.worker.call(request.environment.environmentId, 'topics.subscriptions.create.v1', {
      key,
      subscriberIds: body.subscribers,
    });
    const notFound = result.errors.map((error) => error.subscriberId);
    const succeeded = body.subscribers.filter((id) => !notFound.includes(id));
    return { data: { succeeded, ...(notFound.length > 0 && { failed: { notFound } }) } };
  }

  @Post(':topicKey/subscribers/removal')
  @HttpCode(204)
  async removeSubscribers(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(topicSubscribersV1BodySchema)) body: TopicSubscribersV1Body,
  ): Promise<void> {
    const { environmentId } = request.environment;
    // Novu answers 404 for an unknown topic.
    await this.worker.call(environmentId, 'topics.get.v1', { key });
    await this.worker.call(environmentId, 'topics.subscriptions.delete.v1', { key, subscriberIds: body.subscribers });
  }

  /** Whether a subscriber belongs to the topic (Novu's `TopicSubscriberDto`), else 404. */
  @Get(':topicKey/subscribers/:subscriberId')
  @OpenApi({ response: topicSubscriberV1Schema })
  async getSubscriber(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Param('subscriberId') subscriberId: string,
  ): Promise<z.infer<typeof topicSubscriberV1Schema>> {
    const { environmentId, organizationId } = request.environment;
    const page = await this.worker.call(environmentId, 'topics.subscriptions.list.v1', { key, subscriberId, limit: 1 });
    const member = page.data[0];
    if (!member)
      throw new NotFoundException(
        `Subscriber ${subscriberId} not found for topic ${key} in the environment ${environmentId}`,
      );
    return {
      data: {
        _organizationId: organizationId,
        _environmentId: environmentId,
        _subscriberId: member.subscriber._id,
        _topicId: member.topic._id,
        topicKey: member.topic.key,
        externalSubscriberId: member.subscriber.subscriberId,
      },
    };
  }
}
