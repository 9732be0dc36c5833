import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { idSchema, isoDateTimeSchema, jsonRecordSchema } from '../common/primitives.schema';
import { channelCredentialsSchema, subscriberRefSchema } from '../common/subscriber.schema';
import { RpcMethodContract, workerCursorPageSchema, workerRpcScope } from './trigger-worker-rpc';

/** A subscriber in Novu's response shape (`SubscriberResponseDto`), as the worker stores it. */
export const workerSubscriberSchema = z.object({
  _id: idSchema,
  subscriberId: idSchema,
  _organizationId: idSchema,
  _environmentId: idSchema,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  avatar: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  data: jsonRecordSchema.nullable(),
  /** `_integrationId` carries the integration identifier: the integrations live in the gateway. */
  channels: z.array(
    z.object({
      providerId: z.string(),
      integrationIdentifier: z.string().optional(),
      credentials: channelCredentialsSchema,
      _integrationId: z.string(),
    }),
  ),
  /** Set through `PATCH /v1/subscribers/:id/online-status`; absent until then. */
  isOnline: z.boolean().optional(),
  /** When the subscriber last went offline (Novu stamps it on `isOnline: false`). */
  lastOnlineAt: isoDateTimeSchema.optional(),
  deleted: z.boolean(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type WorkerSubscriber = z.infer<typeof workerSubscriberSchema>;

/** A channel → on/off map of one preference scope; a channel absent is not set there. */
export const workerPreferenceChannelsSchema = z.record(deliveryChannelSchema, z.boolean());

/** A subscriber's stored preferences: global, and per workflow by the gateway's workflow id. */
export const workerSubscriberPreferencesSchema = z.object({
  global: z.object({ enabled: z.boolean(), channels: workerPreferenceChannelsSchema }),
  workflows: z.array(
    z.object({ workflowId: idSchema, enabled: z.boolean(), channels: workerPreferenceChannelsSchema }),
  ),
});
export type WorkerSubscriberPreferences = z.infer<typeof workerSubscriberPreferencesSchema>;

/** The profile fields a client may set (`null` clears, absent leaves unchanged). */
export const workerSubscriberFieldsSchema = subscriberRefSchema.omit({ type: true });

const one = z.object({ ...workerRpcScope, subscriberId: idSchema });
const providerId = z.string().min(1).max(64);

/** The subscriber methods (`/v2/subscribers…`, `/v1/subscribers/bulk`, credentials, preferences), by name. */
export const SUBSCRIBERS_RPC = {
  /** Upsert (Novu's create); with `failIfExists` an existing subscriber is `subscriber_exists`. */
  'subscribers.create.v1': {
    request: z.object({
      ...workerRpcScope,
      organizationId: idSchema,
      subscriber: workerSubscriberFieldsSchema,
      failIfExists: z.boolean().default(false),
    }),
    response: workerSubscriberSchema,
  },
  'subscribers.get.v1': { request: one, response: workerSubscriberSchema },
  'subscribers.update.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      patch: workerSubscriberFieldsSchema.omit({ subscriberId: true }),
    }),
    response: workerSubscriberSchema,
  },
  'subscribers.delete.v1': {
    request: one,
    response: z.object({ acknowledged: z.literal(true), status: z.literal('deleted') }),
  },
  /** Keyset search, newest first by default; `before` walks back from a `previous` cursor. */
  'subscribers.search.v1': {
    request: z.object({
      ...workerRpcScope,
      after: z.string().max(500).optional(),
      before: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(100).default(10),
      orderDirection: z.enum(['ASC', 'DESC']).default('DESC'),
      email: z.string().max(320).optional(),
      phone: z.string().max(64).optional(),
      /** Prefix match. */
      subscriberId: z.string().max(255).optional(),
      /** Case-insensitive match anywhere in "first last". */
      name: z.string().max(255).optional(),
    }),
    response: workerCursorPageSchema(workerSubscriberSchema),
  },
  /** Offset paging (`GET /v1/subscribers`): oldest first, `page` is 0-based. */
  'subscribers.list.v1': {
    request: z.object({
      ...workerRpcScope,
      page: z.number().int().min(0).max(100_000),
      limit: z.number().int().min(1).max(100),
    }),
    response: z.object({
      page: z.number().int(),
      hasMore: z.boolean(),
      pageSize: z.number().int(),
      totalCount: z.number().int(),
      data: z.array(workerSubscriberSchema),
    }),
  },
  /** Sets the online flag; going offline stamps `lastOnlineAt`. */
  'subscribers.online-status.v1': {
    request: z.object({ ...workerRpcScope, subscriberId: idSchema, isOnline: z.boolean() }),
    response: workerSubscriberSchema,
  },
  'subscribers.bulk-create.v1': {
    request: z.object({
      ...workerRpcScope,
      organizationId: idSchema,
      subscribers: z.array(workerSubscriberFieldsSchema).min(1).max(500),
    }),
    response: z.object({
      created: z.array(z.object({ subscriberId: idSchema })),
      updated: z.array(z.object({ subscriberId: idSchema })),
      failed: z.array(z.object({ subscriberId: idSchema, message: z.string() })),
    }),
  },
  /** `replace` (PUT) overwrites one provider's credentials; `append` (PATCH) merges and adds device tokens. */
  'subscribers.credentials.set.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      providerId,
      integrationIdentifier: z.string().max(255).optional(),
      credentials: channelCredentialsSchema,
      mode: z.enum(['replace', 'append']),
    }),
    response: workerSubscriberSchema,
  },
  /** Removes one provider's credentials (of every integration when none is named). */
  'subscribers.credentials.delete.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      providerId,
      integrationIdentifier: z.string().max(255).optional(),
    }),
    response: z.object({ acknowledged: z.literal(true) }),
  },
  'subscribers.preferences.get.v1': { request: one, response: workerSubscriberPreferencesSchema },
  /** Merges channel switches into one scope (`workflowId` absent = global). */
  'subscribers.preferences.update.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      /** The gateway's workflow id (what `WorkflowSnapshot.id` carries), not its identifier. */
      workflowId: idSchema.optional(),
      enabled: z.boolean().optional(),
      channels: workerPreferenceChannelsSchema.default({}),
    }),
    response: workerSubscriberPreferencesSchema,
  },
  /**
   * Merges channel switches into several workflows' scopes at once, all or none (Novu's bulk
   * preference update); a workflow named twice takes its changes in order.
   */
  'subscribers.preferences.bulk-update.v1': {
    request: z.object({
      ...workerRpcScope,
      subscriberId: idSchema,
      workflows: z
        .array(
          z.object({
            /** The gateway's workflow id, as in `subscribers.preferences.update.v1`. */
            workflowId: idSchema,
            enabled: z.boolean().optional(),
            channels: workerPreferenceChannelsSchema.default({}),
          }),
        )
        .min(1)
        .max(100),
    }),
    response: workerSubscriberPreferencesSchema,
  },
} as const satisfies Record<string, RpcMethodContract>;
