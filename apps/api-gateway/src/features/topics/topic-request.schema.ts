import { idSchema, safeIdentifier } from '@herald/contracts';

import {
  booleanQuery,
  intQuery,
  listQuery,
  orderDirectionQuery,
  textQuery,
} from '../../adapters/trigger-worker-rpc/query-params';
import { z } from '../../core/openapi/openapi-zod';

const name = z
  .string({ invalid_type_error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');
// Accepted for Novu compatibility; Herald does not store topic data (yet).
const data = z.record(z.string(), z.unknown(), { invalid_type_error: 'must be an object' }).nullable().optional();

/** `POST /v2/topics` (Novu's `CreateUpdateTopicRequestDto`). */
const key = safeIdentifier(idSchema.regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'));
export const createTopicBodySchema = z.object({ key, name: name.optional(), data });
export type CreateTopicBody = z.output<typeof createTopicBodySchema>;

/** `POST /v2/topics?failIfExists=true` makes an existing topic a 409. */
export const createTopicQuerySchema = z.object({ failIfExists: booleanQuery.default(false) });

/** `PATCH /v2/topics/:topicKey`. */
export const updateTopicBodySchema = z.object({ name: name.optional(), data });
export type UpdateTopicBody = z.output<typeof updateTopicBodySchema>;

/** Only newest-first forward paging is kept for topics and their subscriptions. */
const forwardOnly = {
  before: z
    .undefined({ invalid_type_error: 'is not supported: page forwards with after' })
    .openapi({ type: 'string', description: 'Not supported: page forwards with `after`' })
    .optional(),
  orderDirection: orderDirectionQuery
    .pipe(z.literal('DESC', { errorMap: () => ({ message: 'must be DESC' }) }))
    .optional(),
  orderBy: z.enum(['createdAt', '_id'], { errorMap: () => ({ message: 'must be createdAt' }) }).optional(),
  includeCursor: booleanQuery.optional(),
};

/** `GET /v2/topics`. */
export const listTopicsQuerySchema = z.object({
  after: textQuery(500).optional(),
  limit: intQuery(1, 100).default(10),
  key: textQuery(255).optional(),
  name: textQuery(255).optional(),
  ...forwardOnly,
});
export type ListTopicsQuery = z.output<typeof listTopicsQuerySchema>;

/** `GET /v2/topics/:topicKey/subscriptions`. */
export const listSubscriptionsQuerySchema = z.object({
  after: textQuery(255).optional(),
  limit: intQuery(1, 100).default(10),
  subscriberId: textQuery(255).optional(),
  ...forwardOnly,
  // Subscriptions are listed in subscriberId order whatever the direction asked.
  orderDirection: orderDirectionQuery.optional(),
});
export type ListSubscriptionsQuery = z.output<typeof listSubscriptionsQuerySchema>;

/**
 * `GET /v2/subscribers/:subscriberId/subscriptions`: newest first (`orderDirection=ASC`: oldest
 * first), optionally to the topic `key` (exact). Herald's subscriptions have no context, so
 * `contextKeys` naming one keeps none (decision 0045).
 */
export const listSubscriberTopicsQuerySchema = z.object({
  after: textQuery(500).optional(),
  limit: intQuery(1, 100).default(10),
  key: textQuery(255)
    .transform((value) => value || undefined)
    .optional(),
  contextKeys: listQuery(textQuery(255), 20)
    .transform((keys) => keys.filter((key) => key !== ''))
    .optional(),
  ...forwardOnly,
  orderDirection: orderDirectionQuery.optional(),
});
export type ListSubscriberTopicsQuery = z.output<typeof listSubscriberTopicsQuerySchema>;

const subscriberId = safeIdentifier(idSchema);
const subscriptionRef = z.union([subscriberId, z.object({ subscriberId, identifier: z.string().max(255).optional() })]);

/**
 * `POST|DELETE /v2/topics/:topicKey/subscriptions`: `subscriberIds`, or Novu's newer
 * `subscriptions` (subscriberIds or `{subscriberId, identifier?}`); up to 100 in all.
 */
export const subscriptionsBodySchema = z
  .object({
    subscriberIds: z.array(subscriberId, { invalid_type_error: 'must be an array' }).optional(),
    subscriptions: z.array(subscriptionRef, { invalid_type_error: 'must be an array' }).optional(),
  })
  .transform((body) => [
    ...new Set([
      ...(body.subscriberIds ?? []),
      ...(body.subscriptions ?? []).map((ref) => (typeof ref === 'string' ? ref : ref.subscriberId)),
    ]),
  ])
  .superRefine((ids, ctx) => {
    if (ids.length === 0)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['subscriberIds'],
        message: 'must name at least one subscriber',
      });
    if (ids.length > 100)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['subscriberIds'],
        message: 'must name at most 100 subscribers',
      });
  });

/**
 * `PATCH /v2/topics/:topicKey/subscriptions/:identifier` (Novu's `UpdateTopicSubscriptionRequestDto`):
 * the subscription's name (`null` clears it). Herald keeps no per-subscription preferences (conditions
 * on which workflows reach the subscriber through this topic), so a non-empty `preferences` is refused
 * rather than silently dropped.
 */
export const updateSubscriptionBodySchema = z.object({
  name: z
    .string({ invalid_type_error: 'must be a string' })
    .max(255, 'must be at most 255 characters')
    .nullable()
    .optional(),
  preferences: z
    .array(z.unknown(), { invalid_type_error: 'must be an array' })
    .max(0, 'is not supported: Herald keeps no per-subscription preferences')
    .optional()
    .openapi({ description: 'Not supported: only an empty list is accepted' }),
});
export type UpdateSubscriptionBody = z.output<typeof updateSubscriptionBodySchema>;
