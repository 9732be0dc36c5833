import {
  channelCredentialsSchema,
  DELIVERY_CHANNELS,
  idSchema,
  safeIdentifier,
  subscriberChannelSchema,
  workerSubscriberFieldsSchema,
} from '@herald/contracts';
import { z } from 'zod';

import { booleanQuery, intQuery, orderDirectionQuery, textQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { CHAT_PUSH_PROVIDERS } from './chat-push-providers';

const providerId = z.enum(CHAT_PUSH_PROVIDERS, {
  errorMap: () => ({ message: `must be one of ${CHAT_PUSH_PROVIDERS.join(', ')}` }),
});
const text = (max: number) =>
  z
    .string({ invalid_type_error: 'must be a string or null' })
    .max(max, `must be at most ${max} characters`)
    .nullable()
    .optional();
const subscriberId = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .pipe(safeIdentifier(idSchema));

/** The profile fields (limits as the worker stores them; `null` clears a field). */
const profile = z.object({
  email: text(320),
  phone: text(64),
  firstName: text(255),
  lastName: text(255),
  avatar: text(2048),
  locale: text(35),
  timezone: text(64),
  data: z.record(z.string(), z.unknown(), { invalid_type_error: 'must be an object or null' }).nullable().optional(),
}) satisfies z.ZodType<Omit<z.input<typeof workerSubscriberFieldsSchema>, 'subscriberId' | 'channels'>>;

/** `POST /v2/subscribers` (Novu's `CreateSubscriberRequestDto`). */
export const createSubscriberBodySchema = profile.extend({ subscriberId });
export type CreateSubscriberBody = z.output<typeof createSubscriberBodySchema>;

/** `POST /v2/subscribers?failIfExists=true` fails with a 409 when the subscriber exists. */
export const createSubscriberQuerySchema = z.object({ failIfExists: booleanQuery.default(false) });

/** `PATCH /v2/subscribers/:subscriberId` (Novu's `PatchSubscriberRequestDto`): `null` clears a field. */
export const patchSubscriberBodySchema = profile;
export type PatchSubscriberBody = z.output<typeof patchSubscriberBodySchema>;

/** `GET /v2/subscribers`: keyset paging and prefix filters. */
export const searchSubscribersQuerySchema = z.object({
  after: textQuery(500).optional(),
  before: textQuery(500).optional(),
  limit: intQuery(1, 100).default(10),
  orderDirection: orderDirectionQuery.default('DESC'),
  // Only creation order is kept as a keyset; `_id` is accepted as Novu's other spelling of it.
  orderBy: z.enum(['createdAt', '_id'], { errorMap: () => ({ message: 'must be createdAt' }) }).optional(),
  includeCursor: booleanQuery.optional(),
  email: textQuery(320).optional(),
  phone: textQuery(64).optional(),
  subscriberId: textQuery(255).optional(),
  name: textQuery(255).optional(),
});
export type SearchSubscribersQuery = z.output<typeof searchSubscribersQuerySchema>;

/** `POST /v1/subscribers/bulk`: up to 500 subscribers, each with optional channel credentials. */
export const bulkCreateSubscribersBodySchema = z.object({
  subscribers: z
    .array(
      profile.extend({
        subscriberId,
        channels: z.array(subscriberChannelSchema.extend({ providerId })).max(50).optional(),
      }),
      {
        required_error: 'is required',
        invalid_type_error: 'must be an array',
      },
    )
    .min(1, 'must list at least one subscriber')
    .max(500, 'must list at most 500 subscribers'),
});
export type BulkCreateSubscribersBody = z.output<typeof bulkCreateSubscribersBodySchema>;

/** `PUT|PATCH /v1/subscribers/:subscriberId/credentials` (Novu's `UpdateSubscriberChannelRequestDto`). */
export const subscriberCredentialsBodySchema = z.object({
  providerId,
  credentials: channelCredentialsSchema,
  integrationIdentifier: z.string().max(255, 'must be at most 255 characters').optional(),
});
export type SubscriberCredentialsBody = z.output<typeof subscriberCredentialsBodySchema>;

/** `GET /v2/subscribers/:subscriberId/preferences`: which workflows to list. */
export const subscriberPreferencesQuerySchema = z.object({
  criticality: z
    .enum(['critical', 'nonCritical', 'all'], { errorMap: () => ({ message: 'must be critical, nonCritical or all' }) })
    .default('nonCritical'),
});
export type SubscriberPreferencesQuery = z.output<typeof subscriberPreferencesQuerySchema>;

const channelSwitches = z.object(
  Object.fromEntries(
    DELIVERY_CHANNELS.map((channel) => [channel, z.boolean({ invalid_type_error: 'must be a boolean' }).optional()]),
  ) as Record<(typeof DELIVERY_CHANNELS)[number], z.ZodOptional<z.ZodBoolean>>,
);

/** `PATCH /v2/subscribers/:subscriberId/preferences`: channel switches, global or for one workflow. */
export const patchSubscriberPreferencesBodySchema = z.object({
  channels: channelSwitches.default({}),
  /** The workflow's identifier or id; absent = the subscriber's global preferences. */
  workflowId: idSchema.optional(),
});
export type PatchSubscriberPreferencesBody = z.output<typeof patchSubscriberPreferencesBodySchema>;

/** `POST /v1/subscribers` (Novu's v1 `CreateSubscriberRequestDto`, `identify`): an upsert, channels included. */
export const identifySubscriberBodySchema = profile.extend({
  subscriberId,
  channels: z.array(subscriberChannelSchema.extend({ providerId })).max(50).optional(),
});
export type IdentifySubscriberBody = z.output<typeof identifySubscriberBodySchema>;

/** `PUT /v1/subscribers/:subscriberId` (Novu's `UpdateSubscriberRequestDto`): the given fields, `null` clears. */
export const updateSubscriberBodySchema = profile;
export type UpdateSubscriberBody = z.output<typeof updateSubscriberBodySchema>;

/** `GET /v1/subscribers`: Novu's offset paging (0-based `page`, `limit` ≤ 100, default 10). */
export const listSubscribersQuerySchema = z.object({
  page: intQuery(0, 100_000).default(0),
  limit: intQuery(1, 100).default(10),
});
export type ListSubscribersQuery = z.output<typeof listSubscribersQuerySchema>;

const flag = z.boolean({ invalid_type_error: 'must be a boolean' });

/**
 * `PATCH /v1/subscribers/:subscriberId/online-status`: Novu's body is `{ isOnline }`; `@novu/node`
 * 2.x sends `{ online }`, so either is read (`isOnline` first).
 */
export const onlineStatusBodySchema = z
  .object({ isOnline: flag.optional(), online: flag.optional() })
  .refine((body) => body.isOnline !== undefined || body.online !== undefined, {
    message: 'is required',
    path: ['isOnline'],
  })
  .transform((body) => ({ isOnline: (body.isOnline ?? body.online) as boolean }));
export type OnlineStatusBody = z.output<typeof onlineStatusBodySchema>;

const channelType = z.enum(DELIVERY_CHANNELS, {
  errorMap: () => ({ message: `must be one of ${DELIVERY_CHANNELS.join(', ')}` }),
});
const channelPreference = z.object({ type: channelType, enabled: flag });

/** `GET /v1/subscribers/:subscriberId/preferences`. */
export const v1PreferencesQuerySchema = z.object({ includeInactiveChannels: booleanQuery.optional() });
export type V1PreferencesQuery = z.output<typeof v1PreferencesQuerySchema>;

/** `GET /v1/subscribers/:subscriberId/preferences/:level`'s path (Novu's `PreferenceLevelEnum`). */
export const preferenceLevelParamsSchema = z.object({
  subscriberId: z.string(),
  level: z.enum(['global', 'template'], { errorMap: () => ({ message: 'must be global or template' }) }),
});
export type PreferenceLevelParams = z.output<typeof preferenceLevelParamsSchema>;

/** `PATCH /v1/subscribers/:subscriberId/preferences/:workflowId` (Novu's `UpdateSubscriberPreferenceRequestDto`). */
export const updateWorkflowPreferenceBodySchema = z.object({
  channel: channelPreference.optional(),
  enabled: flag.optional(),
});
export type UpdateWorkflowPreferenceBody = z.output<typeof updateWorkflowPreferenceBodySchema>;

/** `PATCH /v1/subscribers/:subscriberId/preferences` (Novu's `UpdateSubscriberGlobalPreferencesRequestDto`). */
export const updateGlobalPreferencesBodySchema = z.object({
  enabled: flag.optional(),
  preferences: z
    .array(channelPreference)
    .max(DELIVERY_CHANNELS.length * 2)
    .optional(),
});
export type UpdateGlobalPreferencesBody = z.output<typeof updateGlobalPreferencesBodySchema>;
