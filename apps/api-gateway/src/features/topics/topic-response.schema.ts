import { z } from '../../core/openapi/openapi-zod';

const dateTime = () => z.string().openapi({ format: 'date-time' });

/** Novu's `TopicResponseDto` (v2): `name` is left out when the topic has none. */
export const topicResponseSchema = z
  .object({
    _id: z.string(),
    key: z.string(),
    name: z.string().optional(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  })
  .openapi('TopicResponseDto');
export const topicEnvelopeSchema = z.object({ data: topicResponseSchema });

/** `GET /v2/topics`: a cursor page of topics. */
export const topicPageSchema = z.object({
  data: z.array(topicResponseSchema),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  totalCount: z.number().int(),
  totalCountCapped: z.boolean(),
});

/** `DELETE /v2/topics/:topicKey`. */
export const topicDeletedSchema = z.object({ data: z.object({ acknowledged: z.literal(true) }) });

/** Novu's `TopicSubscriptionResponseDto` / `SubscriptionDto` (one object satisfies both). */
export const topicSubscriptionSchema = z
  .object({
    _id: z.string(),
    identifier: z.string(),
    /** The subscription's own name, when one was given (`PATCH …/subscriptions/:identifier`). */
    name: z.string().optional(),
    topic: z.object({ _id: z.string(), key: z.string(), name: z.string().optional() }),
    subscriber: z.object({
      _id: z.string(),
      subscriberId: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      avatar: z.string().nullable(),
    }),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  })
  .openapi('TopicSubscriptionResponseDto');
export type TopicSubscriptionResponse = z.infer<typeof topicSubscriptionSchema>;

/** `PATCH /v2/topics/:topicKey/subscriptions/:identifier` (`SubscriptionResponseDto`). */
export const topicSubscriptionEnvelopeSchema = z.object({ data: topicSubscriptionSchema });

/**
 * `GET /v2/topics/:topicKey/subscriptions/:identifier` (Novu's `SubscriptionDetailsResponseDto`):
 * `preferences` is always empty, as Herald keeps no per-subscription preferences.
 */
export const subscriptionDetailsSchema = z
  .object({
    id: z.string(),
    identifier: z.string(),
    name: z.string().optional(),
    preferences: z.array(z.record(z.string(), z.unknown())).max(0),
  })
  .openapi('SubscriptionDetailsResponseDto');
export const subscriptionDetailsEnvelopeSchema = z.object({ data: subscriptionDetailsSchema });

const subscriptionsMetaSchema = z.object({
  totalCount: z.number().int(),
  successful: z.number().int(),
  failed: z.number().int(),
});
const subscriptionErrorSchema = z.object({ subscriberId: z.string(), code: z.string(), message: z.string() });

/** `POST|DELETE /v2/topics/:topicKey/subscriptions`: the subscriptions changed, counts, and the ids refused. */
export const topicSubscriptionsChangeSchema = z.object({
  data: z.array(topicSubscriptionSchema),
  meta: subscriptionsMetaSchema,
  errors: z.array(subscriptionErrorSchema),
});

/** `GET /v2/topics/:topicKey/subscriptions`: a cursor page of subscriptions. */
export const topicSubscriptionPageSchema = z.object({
  data: z.array(topicSubscriptionSchema),
  next: z.string().nullable(),
  previous: z.string().nullable(),
  totalCount: z.number().int(),
  totalCountCapped: z.boolean(),
});

/** Novu's v1 `TopicDto`: the topic with its environment, organization and (at most 100) subscriber ids. */
export const topicV1Schema = z
  .object({
    _id: z.string(),
    _organizationId: z.string(),
    _environmentId: z.string(),
    key: z.string(),
    name: z.string(),
    subscribers: z.array(z.string()),
  })
  .openapi('TopicDto');
export type TopicV1 = z.infer<typeof topicV1Schema>;
export const topicV1EnvelopeSchema = z.object({ data: topicV1Schema });

/** `POST /v1/topics` (`CreateTopicResponseDto`). */
export const createdTopicV1Schema = z.object({ data: z.object({ _id: z.string(), key: z.string() }) });

/** `GET /v1/topics` (`FilterTopicsResponseDto`): a 0-based offset page. */
export const topicV1PageSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  totalCount: z.number().int(),
  data: z.array(topicV1Schema),
});
export type TopicV1Page = z.infer<typeof topicV1PageSchema>;

/** `POST /v1/topics/:topicKey/subscribers` (`AssignSubscriberToTopicDto`). */
export const topicSubscribersAddedV1Schema = z.object({
  data: z.object({
    succeeded: z.array(z.string()),
    failed: z.object({ notFound: z.array(z.string()) }).optional(),
  }),
});

/** `GET /v1/topics/:topicKey/subscribers/:subscriberId` (`TopicSubscriberDto`). */
export const topicSubscriberV1Schema = z.object({
  data: z.object({
    _organizationId: z.string(),
    _environmentId: z.string(),
    _subscriberId: z.string(),
    _topicId: z.string(),
    topicKey: z.string(),
    externalSubscriberId: z.string(),
  }),
});
