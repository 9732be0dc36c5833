import {
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
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
  CreateTopicBody,
  createTopicBodySchema,
  createTopicQuerySchema,
  ListTopicsQuery,
  listTopicsQuerySchema,
  UpdateTopicBody,
  updateTopicBodySchema,
} from './topic-request.schema';
import { toTopicResponse } from './topic-response.mapper';
import { topicDeletedSchema, topicEnvelopeSchema, topicPageSchema } from './topic-response.schema';

/** Novu's v2 topic routes; topics live in trigger-worker, reached over RPC. */
@OpenApi({ tag: 'Topics' })
@Controller('v2/topics')
@UseGuards(ApiKeyGuard)
export class TopicsController {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Creates the topic or renames it (Novu's upsert); `?failIfExists=true` makes an existing topic a 409 carrying it. */
  @Post()
  @OpenApi({ response: topicEnvelopeSchema })
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(createTopicBodySchema)) body: CreateTopicBody,
    @Query(new ZodValidationPipe(createTopicQuerySchema)) query: { failIfExists: boolean },
  ): Promise<z.infer<typeof topicEnvelopeSchema>> {
    const { environmentId } = request.environment;
    if (query.failIfExists) {
      // Checked before the upsert: two racing creates may both pass, and then both see the one topic.
      const existing = await this.worker.find(environmentId, 'topics.get.v1', { key: body.key });
      if (existing)
        throw new ConflictException({ ...toTopicResponse(existing), message: `Topic "${body.key}" already exists` });
    }
    return {
      data: toTopicResponse(
        await this.worker.call(environmentId, 'topics.upsert.v1', { key: body.key, name: body.name }),
      ),
    };
  }

  @Get()
  @OpenApi({ response: topicPageSchema })
  async list(
    @Req() request: AuthenticatedRequest,
    @Query(new ZodValidationPipe(listTopicsQuerySchema)) query: ListTopicsQuery,
  ): Promise<z.infer<typeof topicPageSchema>> {
    const page = await this.worker.call(request.environment.environmentId, 'topics.list.v1', {
      after: query.after,
      limit: query.limit,
      key: query.key,
      name: query.name,
    });
    return { ...page, data: page.data.map(toTopicResponse) };
  }

  @Get(':topicKey')
  @OpenApi({ response: topicEnvelopeSchema })
  async get(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
  ): Promise<z.infer<typeof topicEnvelopeSchema>> {
    return {
      data: toTopicResponse(await this.worker.call(request.environment.environmentId, 'topics.get.v1', { key })),
    };
  }

  @Patch(':topicKey')
  @OpenApi({ response: topicEnvelopeSchema })
  async update(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
    @Body(new ZodValidationPipe(updateTopicBodySchema)) body: UpdateTopicBody,
  ): Promise<z.infer<typeof topicEnvelopeSchema>> {
    const { environmentId } = request.environment;
    const topic =
      body.name === undefined
        ? await this.worker.call(environmentId, 'topics.get.v1', { key })
        : await this.worker.call(environmentId, 'topics.update.v1', { key, name: body.name });
    return { data: toTopicResponse(topic) };
  }

  /** Deletes the topic and its subscriptions (the subscribers stay). */
  @Delete(':topicKey')
  @OpenApi({ response: topicDeletedSchema })
  async delete(
    @Req() request: AuthenticatedRequest,
    @Param('topicKey') key: string,
  ): Promise<z.infer<typeof topicDeletedSchema>> {
    return { data: await this.worker.call(request.environment.environmentId, 'topics.delete.v1', { key }) };
  }
}
