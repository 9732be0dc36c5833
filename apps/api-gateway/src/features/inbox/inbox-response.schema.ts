import { DELIVERY_CHANNELS } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';
import { SEVERITIES } from './inbox-workflows';

/**
 * What the `/v1/inbox` routes answer, in Novu's shapes (decision 0034, `@novu/js` 3.x). The
 * mappers' and services' return types are inferred from these, so the document and the answers
 * cannot drift (decision 0042).
 */
const dateTime = z.string().openapi({ format: 'date-time' });
const severity = z.enum(SEVERITIES);
const redirect = z.object({
  url: z.string(),
  target: z.enum(['_self', '_blank', '_parent', '_top', '_unfencedTop']).optional(),
});
const action = z.object({ label: z.string(), isCompleted: z.boolean(), redirect: redirect.optional() });
const tagGroups = z.union([z.array(z.string()), z.object({ and: z.array(z.object({ or: z.array(z.string()) })) })]);
const countTags = z.union([tagGroups, z.object({ or: z.array(z.string()) })]);
const dataFilter = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
);

/** Novu's `InboxNotificationDto` (what `@novu/js`' `Notification` reads). */
export const inboxNotificationResponseSchema = z
  .object({
    id: z.string(),
    transactionId: z.string(),
    subject: z.string().optional(),
    body: z.string(),
    to: z.object({ id: z.string(), subscriberId: z.string() }),
    isRead: z.boolean(),
    isSeen: z.boolean(),
    isArchived: z.boolean(),
    isSnoozed: z.boolean(),
    snoozedUntil: dateTime.nullable().optional(),
    /** The delivery time and, once a snooze has run out, the time it came back. */
    deliveredAt: z.array(dateTime.nullable()),
    createdAt: dateTime,
    readAt: dateTime.nullable(),
    firstSeenAt: dateTime.nullable(),
    archivedAt: dateTime.nullable(),
    avatar: z.string().optional(),
    primaryAction: action.optional(),
    secondaryAction: action.optional(),
    channelType: z.literal('in_app'),
    tags: z.array(z.string()),
    data: z.record(z.string(), z.unknown()),
    redirect: redirect.optional(),
    severity,
    workflow: z.object({
      id: z.string(),
      identifier: z.string(),
      name: z.string(),
      critical: z.boolean(),
      tags: z.array(z.string()),
      severity,
    }),
  })
  .openapi('InboxNotificationDto');
export type InboxNotificationResponse = z.infer<typeof inboxNotificationResponseSchema>;

/** `{ data: notification }`: the answer of the one-notification actions. */
export const inboxNotificationEnvelopeSchema = z.object({ data: inboxNotificationResponseSchema });

/** `GET /v1/inbox/notifications`: a page, whether there is more, and the filter as understood. */
export const inboxNotificationsPageSchema = z
  .object({
    data: z.array(inboxNotificationResponseSchema),
    hasMore: z.boolean(),
    filter: z.object({
      tags: tagGroups,
      read: z.boolean().optional(),
      archived: z.boolean().optional(),
      snoozed: z.boolean().optional(),
      seen: z.boolean().optional(),
      data: dataFilter.optional(),
      severity: z.array(severity).optional(),
    }),
  })
  .openapi('GetInboxNotificationsResponseDto');
export type InboxNotificationsPage = z.infer<typeof inboxNotificationsPageSchema>;

/** `GET /v1/inbox/notifications/count`: one count per filter, with the filter. */
export const inboxCountsSchema = z
  .object({
    data: z.array(
      z.object({
        count: z.number().int(),
        filter: z.object({
          tags: countTags.optional(),
          read: z.boolean().optional(),
          archived: z.boolean().optional(),
          snoozed: z.boolean().optional(),
          seen: z.boolean().optional(),
          data: dataFilter.optional(),
          severity: z.union([severity, z.array(severity)]).optional(),
          /** `/v2/subscribers/:id/notifications/count` only. */
          contextKeys: z.array(z.string()).optional(),
        }),
      }),
    ),
  })
  .openapi('GetInboxCountResponseDto');
export type InboxCounts = z.infer<typeof inboxCountsSchema>;

/** Novu's `unreadCount`: unread, unarchived, not snoozed; in total and per severity. */
export const inboxUnreadCountSchema = z.object({
  total: z.number().int(),
  severity: z.object({
    high: z.number().int(),
    medium: z.number().int(),
    low: z.number().int(),
    none: z.number().int(),
  }),
});

/**
 * `POST /v1/inbox/session`: Novu's `SubscriberSessionResponseDto` for the public session; the
 * API-keyed session of SSE clients (decision 0015) answers only the token, subscriber and expiry.
 */
export const inboxSessionResponseSchema = z
  .object({
    data: z.union([
      z.object({
        token: z.string(),
        totalUnreadCount: z.number().int(),
        unreadCount: inboxUnreadCountSchema,
        removeNovuBranding: z.boolean(),
        isDevelopmentMode: z.boolean(),
        maxSnoozeDurationHours: z.number(),
        applicationIdentifier: z.string(),
        contextKeys: z.array(z.string()),
        subscriberId: z.string(),
        expiresAt: dateTime,
      }),
      z.object({ token: z.string(), subscriberId: z.string(), expiresAt: dateTime }),
    ]),
  })
  .openapi('SubscriberSessionResponseDto');
export type InboxSessionResponse = z.infer<typeof inboxSessionResponseSchema>;

const channels = z.object(
  Object.fromEntries(DELIVERY_CHANNELS.map((channel) => [channel, z.boolean().optional()])) as Record<
    (typeof DELIVERY_CHANNELS)[number],
    z.ZodOptional<z.ZodBoolean>
  >,
);

/** The global preference, or one workflow's (Novu's `InboxPreference`). */
export const inboxPreferenceSchema = z
  .object({
    level: z.enum(['global', 'template']),
    enabled: z.boolean(),
    channels,
    workflow: z
      .object({
        id: z.string(),
        identifier: z.string(),
        name: z.string(),
        critical: z.boolean(),
        tags: z.array(z.string()),
        severity,
      })
      .optional(),
  })
  .openapi('InboxPreferenceDto');
export type InboxPreferenceResponse = z.infer<typeof inboxPreferenceSchema>;

export const inboxPreferenceEnvelopeSchema = z.object({ data: inboxPreferenceSchema });
export const inboxPreferenceListSchema = z.object({ data: z.array(inboxPreferenceSchema) });

/** Novu's empty shapes for the inbox features Herald does not have yet. */
export const inboxEmptyListSchema = z.object({ data: z.array(z.unknown()).max(0) });
export const inboxEmptyItemSchema = z.object({ data: z.null() });
export const inboxEmptyCursorPageSchema = z.object({
  data: z.array(z.unknown()).max(0),
  next: z.null(),
  previous: z.null(),
});
