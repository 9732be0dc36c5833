import { idSchema, type WorkerSubscription, type WorkerTopic } from '@herald/contracts';

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

/** Novu's default subscription identifier, the one Herald answers and accepts. */
export function subscriptionIdentifier(topicKey: string, subscriberId: string): string {
  return `tk_${topicKey}:si_${subscriberId}`;
}

/** The subscriberId an identifier of the topic names, or undefined when it is not one of the topic's. */
export function subscriberOfIdentifier(topicKey: string, identifier: string): string | undefined {
  const prefix = subscriptionIdentifier(topicKey, '');
  if (!identifier.startsWith(prefix)) return undefined;
  const subscriberId = identifier.slice(prefix.length);
  return idSchema.safeParse(subscriberId).success ? subscriberId : undefined;
}

/**
 * A subscription in Novu's shapes (`TopicSubscriptionResponseDto` in lists, `SubscriptionDto`
 * in create/delete replies — one object satisfies both). `identifier` is Novu's default one.
 */
export function toSubscriptionResponse(subscription: WorkerSubscription): TopicSubscriptionResponse {
  const { topic, subscriber } = subscription;
  return {
    _id: subscription._id,
    identifier: subscriptionIdentifier(topic.key, subscriber.subscriberId),
    ...(subscription.name ? { name: subscription.name } : {}),
    topic: { _id: topic._id, key: topic.key, ...(topic.name === null ? {} : { name: topic.name }) },
    subscriber,
    createdAt: subscription.createdAt,
    updatedAt: subscription.updatedAt,
  };
}
