import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';
import { RpcMethodContract, workerCursorPageSchema, workerRpcScope } from './trigger-worker-rpc';

/** A topic as the worker stores it (Novu's v2 shape, `name` null when never given). */
export const workerTopicSchema = z.object({
  _id: idSchema,
  key: idSchema,
  name: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type WorkerTopic = z.infer<typeof workerTopicSchema>;

/** One topic membership with its topic and subscriber. */
export const workerSubscriptionSchema = z.object({
  _id: idSchema,
  /** The subscription's own name (`PATCH /v2/topics/:key/subscriptions/:identifier`); absent from older workers. */
  name: z.string().nullable().optional(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  topic: z.object({ _id: idSchema, key: idSchema, name: z.string().nullable() }),
  subscriber: z.object({
    _id: idSchema,
    subscriberId: idSchema,
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    avatar: z.string().nullable(),
  }),
});
export type WorkerSubscription = z.infer<typeof workerSubscriptionSchema>;

const keyed = { ...workerRpcScope, key: idSchema };
const subscriberIds = z.array(idSchema).min(1).max(100);
const meta = z.object({
  totalCount: z.number().int().min(0),
  successful: z.number().int().min(0),
  failed: z.number().int().min(0),
});

/** The topic methods (`/v2/topics…`, `/v2/topics/:key/subscriptions`), by name. */
export const TOPICS_RPC = {
  /** Creates the topic, or renames it when it exists (Novu's upsert). */
  'topics.upsert.v1': {
    request: z.object({ ...keyed, name: z.string().max(255).optional() }),
    response: workerTopicSchema,
  },
  /** Newest first, filtered by key prefix or name; `after` continues from a `next` cursor. */
  'topics.list.v1': {
    request: z.object({
      ...workerRpcScope,
      after: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(100).default(10),
      key: z.string().max(255).optional(),
      name: z.string().max(255).optional(),
    }),
    response: workerCursorPageSchema(workerTopicSchema),
  },
  'topics.get.v1': { request: z.object(keyed), response: workerTopicSchema },
  'topics.update.v1': {
    request: z.object({ ...keyed, name: z.string().min(1).max(255) }),
    response: workerTopicSchema,
  },
  'topics.delete.v1': { request: z.object(keyed), response: z.object({ acknowledged: z.literal(true) }) },
  /** Subscribes existing subscribers, creating the topic if needed; unknown ones are listed in `errors`. */
  'topics.subscriptions.create.v1': {
    request: z.object({ ...keyed, subscriberIds }),
    response: z.object({
      data: z.array(workerSubscriptionSchema),
      meta,
      errors: z.array(z.object({ subscriberId: idSchema, code: z.string(), message: z.string() })),
    }),
  },
  /** A topic's subscriptions in subscriberId order; the cursor is the last subscriberId. */
  'topics.subscriptions.list.v1': {
    request: z.object({
      ...keyed,
      after: z.string().max(255).optional(),
      limit: z.number().int().min(1).max(100).default(10),
      subscriberId: idSchema.optional(),
    }),
    response: workerCursorPageSchema(workerSubscriptionSchema),
  },
  /**
   * One subscriber's subscriptions (`GET /v2/subscribers/:id/subscriptions`), newest first unless
   * `ASC`, optionally to one topic `key`; `after` continues from a `next` cursor.
   */
  'subscribers.topics.list.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      key: idSchema.optional(),
      after: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(100).default(10),
      orderDirection: z.enum(['ASC', 'DESC']).default('DESC'),
    }),
    response: workerCursorPageSchema(workerSubscriptionSchema),
  },
  /** Names one subscriber's subscription (`null` clears it); replies `null` when there is no such subscription. */
  'topics.subscriptions.update.v1': {
    request: z.object({ ...keyed, subscriberId: idSchema, name: z.string().max(255).nullable().optional() }),
    response: workerSubscriptionSchema.nullable(),
  },
  /** Removes subscriptions; replies with the ones removed. */
  'topics.subscriptions.delete.v1': {
    request: z.object({ ...keyed, subscriberIds }),
    response: z.object({ data: z.array(workerSubscriptionSchema), meta }),
  },
} as const satisfies Record<string, RpcMethodContract>;
