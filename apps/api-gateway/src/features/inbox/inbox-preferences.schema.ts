import { DELIVERY_CHANNELS } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';
import { SEVERITIES } from './inbox-workflows';

const channelSwitches = Object.fromEntries(
  DELIVERY_CHANNELS.map((channel) => [channel, z.boolean().optional()]),
) as Record<(typeof DELIVERY_CHANNELS)[number], z.ZodOptional<z.ZodBoolean>>;
const repeated = <T extends z.ZodTypeAny>(item: T) =>
  z.union([item, z.array(item).max(100)]).transform((value): z.output<T>[] => (Array.isArray(value) ? value : [value]));

/** `GET /v1/inbox/preferences` (as @novu/js sends it: `tags[]`, `severity[]` or `severity`, `criticality`). */
export const inboxPreferencesQuerySchema = z
  .object({
    'tags[]': repeated(z.string().min(1).max(100)).optional(),
    tags: repeated(z.string().min(1).max(100)).optional(),
    'severity[]': repeated(z.enum(SEVERITIES)).optional(),
    severity: repeated(z.enum(SEVERITIES)).optional(),
    criticality: z.enum(['critical', 'nonCritical', 'all']).default('nonCritical'),
  })
  .passthrough();
export type InboxPreferencesQuery = z.infer<typeof inboxPreferencesQuerySchema>;

/**
 * Novu's weekly schedule, accepted and not applied (decision 0034): a day is
 * `{isEnabled, hours: [{start, end}]}`.
 */
const scheduleSchema = z
  .object({
    isEnabled: z.boolean().optional(),
    weeklySchedule: z.record(z.string().max(20), z.unknown()).optional(),
  })
  .optional();

/** `PATCH /v1/inbox/preferences` (global) and `PATCH /v1/inbox/preferences/:workflowId`: channel switches. */
export const channelPreferencesBodySchema = z.object({ ...channelSwitches, schedule: scheduleSchema });
export type ChannelPreferencesBody = z.infer<typeof channelPreferencesBodySchema>;

/** `PATCH /v1/inbox/preferences/bulk`. */
export const bulkPreferencesBodySchema = z.object({
  preferences: z
    .array(z.object({ workflowId: z.string().min(1).max(255), ...channelSwitches }).passthrough())
    .min(1)
    .max(100),
});
export type BulkPreferencesBody = z.infer<typeof bulkPreferencesBodySchema>;

/**
 * `PATCH /v2/subscribers/:id/preferences/bulk` (Novu's `BulkUpdateSubscriberPreferencesDto`): each
 * workflow (identifier, slug or id) with its `channels`. A `context` is refused: Herald has no
 * contexts, and storing the switches for every delivery would not be what was asked (decision 0045).
 */
export const subscriberBulkPreferencesBodySchema = z.object({
  preferences: z
    .array(z.object({ workflowId: z.string().min(1).max(255), channels: z.object(channelSwitches).default({}) }))
    .min(1)
    .max(100),
  context: z
    .record(z.string().max(100), z.unknown())
    .refine((context) => Object.keys(context).length === 0, {
      message: 'is not supported: Herald has no contexts',
    })
    .optional(),
});
export type SubscriberBulkPreferencesBody = z.infer<typeof subscriberBulkPreferencesBodySchema>;
