import type { WorkerTopic } from '@herald/contracts';
import { Injectable } from '@nestjs/common';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GatewayException } from '../../core/errors/gateway.exception';
import type { AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import type { TopicV1, TopicV1Page } from './topic-response.schema';
import { type ListTopicsV1Query, V1_TOPICS_MAX_OFFSET } from './topic-v1.schema';

type Environment = AuthenticatedRequest['environment'];

/** How many subscriber ids a v1 topic carries at most (Novu lists them all; decision 0040). */
export const V1_TOPIC_SUBSCRIBERS_SHOWN = 100;

/** Novu's v1 `TopicDto` views over the worker's cursor-paged topics. */
@Injectable()
export class TopicV1Reader {
  constructor(private readonly worker: TriggerWorkerClient) {}

  /** Novu's `TopicDto`: the topic with its environment, organization and subscriber ids. */
  async withSubscribers(environment: Environment, topic: WorkerTopic): Promise<TopicV1> {
    const members = await this.worker.call(environment.environmentId, 'topics.subscriptions.list.v1', {
      key: topic.key,
      limit: V1_TOPIC_SUBSCRIBERS_SHOWN,
    });
    return {
      _id: topic._id,
      _organizationId: environment.organizationId,
      _environmentId: environment.environmentId,
      key: topic.key,
      name: topic.name ?? '',
      subscribers: members.data.map((member) => member.subscriber.subscriberId),
    };
  }

  /** `FilterTopicsResponseDto`: the offset page, walked over cursor pages (the offset is bounded by the schema). */
  async page(environment: Environment, query: ListTopicsV1Query): Promise<TopicV1Page> {
    const { environmentId } = environment;
    const { page, pageSize, key } = query;
    if (key !== undefined) {
      const topic = await this.worker.find(environmentId, 'topics.get.v1', { key });
      const data = topic && page === 0 ? [await this.withSubscribers(environment, topic)] : [];
      return { page, pageSize, totalCount: topic ? 1 : 0, data };
    }
    if (page * pageSize > V1_TOPICS_MAX_OFFSET)
      throw GatewayException.invalidField(
        'page',
        [`page × pageSize must be at most ${V1_TOPICS_MAX_OFFSET}: page further with GET /v2/topics`],
        page,
      );
    let skip = page * pageSize;
    let after: string | undefined;
    let totalCount = 0;
    const topics: WorkerTopic[] = [];
    for (;;) {
      const limit = skip > 0 ? Math.min(skip, 100) : pageSize - topics.length;
      const chunk = await this.worker.call(environmentId, 'topics.list.v1', { after, limit });
      totalCount = chunk.totalCount;
      if (skip > 0) skip -= chunk.data.length;
      else topics.push(...chunk.data);
      if (!chunk.next || chunk.data.length === 0 || topics.length >= pageSize) break;
      after = chunk.next;
    }
    const data = await Promise.all(topics.map((topic) => this.withSubscribers(environment, topic)));
    return { page, pageSize, totalCount, data };
  }
}
