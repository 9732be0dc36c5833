import type { WorkerSubscription, WorkerTopic } from '@herald/contracts';

import type { z } from '../../core/openapi/openapi-zod';
import type { topicResponseSchema, TopicSubscriptionResponse } from './topic-response.schema';

/** Novu's `TopicResponseDto`: `name` is left out when the topic has none (the SDK takes no null). */
export function toTopicResponse(topic: WorkerTopic): z.infer<typeof topicResponseSchema> {
  return {
    _id: topic._id,
    key: topic.key,
    ...(topic.name === null ? {} : { name: topic.name }),
    createdAt: topic.createdAt,
    updatedAt: topic.updatedAt,
  };
}

/**
 * A subscription in Novu's shapes (`TopicSubscriptionResponseDto` in lists, `SubscriptionDto`
 * in create/delete replies — one object satisfies both). `identifier` is Novu's default one.
 */
export function toSubscriptionResponse(subscription: WorkerSubscription): TopicSubscriptionResponse {
  const { topic, subscriber } = subscription;
  return {
    _id: subscription._id,
    identifier: `tk_${topic.key}:si_${subscriber.subscriberId}`,
    topic: { _id: topic._id, key: topic.key, ...(topic.name === null ? {} : { name: topic.name }) },
    subscriber,
    createdAt: subscription.createdAt,
    updatedAt: subscription.updatedAt,
  };
}
