import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';
import { inboxMessageSchema } from '../inbox-message-created/inbox-message-created.contract';

/**
 * The `/v1/inbox/notifications` methods `@novu/js` needs (decision 0034): filtered lists and
 * counts, and the per-notification and bulk actions. The gateway resolves what belongs to the
 * workflow (tags, severity) to a set of workflow ids; runner-in-app filters its rows.
 */
const subscriberScope = { environmentId: idSchema, subscriberId: idSchema };

/** A `data` filter value: one scalar, or several of which any may match. */
const dataValueSchema = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** Which notifications a list, count or bulk action is about. Absent fields do not filter. */
export const inboxNotificationFilterSchema = z.object({
  read: z.boolean().optional(),
  seen: z.boolean().optional(),
  archived: z.boolean().optional(),
  /** Snoozed = `snoozedUntil` still ahead; a notification whose time has come is back in the feed. */
  snoozed: z.boolean().optional(),
  /** Only notifications of these workflows (Herald's workflow ids); an empty list matches nothing. */
  workflowIds: z.array(idSchema).max(1000).optional(),
  /** Each key must match (AND); a key's array matches any of its values (OR). */
  data: z.record(z.string().max(100), z.union([dataValueSchema, z.array(dataValueSchema).max(50)])).optional(),
  createdGte: isoDateTimeSchema.optional(),
  createdLte: isoDateTimeSchema.optional(),
});
export type InboxNotificationFilter = z.infer<typeof inboxNotificationFilterSchema>;

/** An inbox message with what only the inbox API shows: timestamps, snooze and action state. */
export const inboxNotificationSchema = inboxMessageSchema.extend({
  /** Herald's id of the workflow (the gateway adds its name, tags, severity). */
  workflowId: idSchema,
  seenAt: isoDateTimeSchema.nullable(),
  readAt: isoDateTimeSchema.nullable(),
  archivedAt: isoDateTimeSchema.nullable(),
  snoozedUntil: isoDateTimeSchema.nullable(),
  /** Snoozed now (`snoozedUntil` in the future). */
  snoozed: z.boolean(),
  primaryActionCompleted: z.boolean(),
  secondaryActionCompleted: z.boolean(),
});
export type InboxNotification = z.infer<typeof inboxNotificationSchema>;

/** RPC: a page of notifications, newest first; `after` continues after that notification. */
export const INBOX_NOTIFICATIONS_LIST_V1 = 'inbox.notifications.list.v1' as const;
export const inboxNotificationsListRequestSchema = z.object({
  ...subscriberScope,
  limit: z.number().int().min(1).max(100).default(10),
  offset: z.number().int().min(0).max(100_000).default(0),
  after: idSchema.optional(),
  filter: inboxNotificationFilterSchema.default({}),
});
export type InboxNotificationsListRequest = z.input<typeof inboxNotificationsListRequestSchema>;
export const inboxNotificationsListResponseSchema = z.object({
  data: z.array(inboxNotificationSchema),
  hasMore: z.boolean(),
});
export type InboxNotificationsListResponse = z.infer<typeof inboxNotificationsListResponseSchema>;

/** RPC: how many notifications match each filter, in order. */
export const INBOX_NOTIFICATIONS_COUNT_V1 = 'inbox.notifications.count.v1' as const;
export const inboxNotificationsCountRequestSchema = z.object({
  ...subscriberScope,
  filters: z.array(inboxNotificationFilterSchema).min(1).max(30),
});
export type InboxNotificationsCountRequest = z.infer<typeof inboxNotificationsCountRequestSchema>;
export const inboxNotificationsCountResponseSchema = z.object({ counts: z.array(z.number().int().min(0)) });

/** What one notification can be made to do. */
export const inboxNotificationActionSchema = z.enum([
  'read',
  'unread',
  'seen',
  'archive',
  'unarchive',
  'snooze',
  'unsnooze',
  'complete',
  'revert',
  'delete',
]);
export type InboxNotificationAction = z.infer<typeof inboxNotificationActionSchema>;

/** RPC: one action on one notification; `data` is the notification afterwards (null: no such notification, or deleted). */
export const INBOX_NOTIFICATION_UPDATE_V1 = 'inbox.notification.update.v1' as const;
export const inboxNotificationUpdateRequestSchema = z.object({
  ...subscriberScope,
  notificationId: idSchema,
  action: inboxNotificationActionSchema,
  /** `complete` / `revert`: which button. */
  actionType: z.enum(['primary', 'secondary']).optional(),
  /** `snooze`: until when. */
  snoozeUntil: isoDateTimeSchema.optional(),
});
export type InboxNotificationUpdateRequest = z.infer<typeof inboxNotificationUpdateRequestSchema>;
export const inboxNotificationUpdateResponseSchema = z.object({
  data: inboxNotificationSchema.nullable(),
  /** `delete`: whether a notification went. */
  found: z.boolean(),
});

/** RPC: one action on every notification that matches (and, when given, is among `notificationIds`); answers how many changed. */
export const INBOX_NOTIFICATIONS_BULK_V1 = 'inbox.notifications.bulk.v1' as const;
export const inboxNotificationsBulkRequestSchema = z.object({
  ...subscriberScope,
  action: z.enum(['read', 'seen', 'archive', 'read-archive', 'delete']),
  notificationIds: z.array(idSchema).min(1).max(100).optional(),
  filter: inboxNotificationFilterSchema.default({}),
});
export type InboxNotificationsBulkRequest = z.input<typeof inboxNotificationsBulkRequestSchema>;
export const inboxNotificationsBulkResponseSchema = z.object({ count: z.number().int().min(0) });
