import type { InboxMark } from '@herald/contracts';
import { z } from 'zod';

const messageIds = z
  .union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(100)])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/**
 * `POST /v1/subscribers/:id/messages/markAs` body. `@novu/node`'s `markMessageAs`, `markMessageRead`
 * and `markMessageSeen` send Novu's legacy `MarkMessageAsRequestDto` (`mark: { seen?, read? }`);
 * Novu's `mark-as` body (`markAs`) is accepted too. Either way: the marks to apply, in order.
 */
export const legacyMarkAsBodySchema = z
  .object({
    messageId: messageIds,
    mark: z.object({ seen: z.boolean().optional(), read: z.boolean().optional() }).strict().optional(),
    markAs: z.enum(['read', 'seen', 'unread', 'unseen']).optional(),
  })
  .refine((body) => body.markAs !== undefined || body.mark?.seen !== undefined || body.mark?.read !== undefined, {
    message: 'mark (seen or read) or markAs is required',
    path: ['mark'],
  })
  .transform((body) => {
    const marks: InboxMark[] = [];
    if (body.mark?.seen !== undefined) marks.push(body.mark.seen ? 'seen' : 'unseen');
    if (body.mark?.read !== undefined) marks.push(body.mark.read ? 'read' : 'unread');
    if (body.markAs) marks.push(body.markAs);
    return { messageIds: body.messageId, marks };
  });
export type LegacyMarkAsBody = z.infer<typeof legacyMarkAsBodySchema>;

export const buttonTypeSchema = z.enum(['primary', 'secondary']);

/** `POST /v1/subscribers/:id/messages/:messageId/actions/:type` body (Novu's `MarkMessageActionAsSeenDto`). */
export const messageActionBodySchema = z.object({
  status: z.enum(['done', 'pending']),
  /** Novu stores it on the message's action; Herald accepts it and does not keep it (decision 0039). */
  payload: z.record(z.unknown()).optional(),
});
export type MessageActionBody = z.infer<typeof messageActionBodySchema>;

/** `PATCH /v2/subscribers/:id/notifications/:notificationId/snooze` body (`SnoozeSubscriberNotificationDto`). */
export const snoozeNotificationBodySchema = z.object({ snoozeUntil: z.string().datetime({ offset: true }) });
export type SnoozeNotificationBody = z.infer<typeof snoozeNotificationBodySchema>;

const redirectSchema = z.object({ url: z.string(), target: z.string().optional() }).passthrough();
const actionSchema = z.object({ label: z.string(), redirect: redirectSchema.optional() }).passthrough();

/** Novu's `MessageResponseDto` as the v1 subscriber message routes answer it (`toMessageResponse`). */
export const v1MessageSchema = z
  .object({
    _id: z.string(),
    _templateId: z.string(),
    _environmentId: z.string(),
    _organizationId: z.string(),
    _notificationId: z.string(),
    _subscriberId: z.string(),
    transactionId: z.string(),
    templateIdentifier: z.string(),
    channel: z.literal('in_app'),
    content: z.string(),
    subject: z.string().optional(),
    avatar: z.string().nullable(),
    primaryAction: actionSchema.nullable(),
    secondaryAction: actionSchema.nullable(),
    cta: z.record(z.unknown()),
    data: z.record(z.unknown()).nullable(),
    read: z.boolean(),
    seen: z.boolean(),
    archived: z.boolean(),
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .passthrough();

/** `POST …/messages/markAs`: the messages afterwards. */
export const v1MessagesEnvelopeSchema = z.object({ data: z.array(v1MessageSchema) });
/** `POST …/messages/:messageId/actions/:type`: the message afterwards. */
export const v1MessageEnvelopeSchema = z.object({ data: v1MessageSchema });

/** One message of `GET …/notifications/feed` (`toFeedItem`): the message with its job, sequence and redirect. */
const v1FeedItemSchema = v1MessageSchema.extend({
  _jobId: z.string(),
  _feedId: z.null(),
  seq: z.number().int(),
  providerId: z.literal('novu'),
  subject: z.string().nullable(),
  redirect: redirectSchema.nullable(),
});

/** `GET /v1/subscribers/:subscriberId/notifications/feed` (Novu's `FeedResponseDto`): a 0-based page. */
export const v1FeedPageSchema = z.object({
  data: z.array(v1FeedItemSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
  totalCount: z.number().int(),
});

/** `GET /v1/subscribers/:subscriberId/notifications/unseen` (`UnseenCountResponse`). */
export const v1UnseenCountSchema = z.object({ data: z.object({ count: z.number().int() }) });

/** `POST /v1/subscribers/:subscriberId/messages/mark-all`: how many messages were marked. */
export const v1MarkedCountSchema = z.object({ data: z.number().int() });

const completedActionSchema = actionSchema.extend({ isCompleted: z.boolean() });

/** Novu's `InboxNotificationDto` (`toInboxNotification`), as the v2 server-side operations answer it. */
export const inboxNotificationDtoSchema = z
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
    snoozedUntil: z.string().nullable().optional(),
    deliveredAt: z.array(z.string()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    firstSeenAt: z.string().nullable(),
    archivedAt: z.string().nullable(),
    avatar: z.string().optional(),
    primaryAction: completedActionSchema.optional(),
    secondaryAction: completedActionSchema.optional(),
    channelType: z.literal('in_app'),
    tags: z.array(z.string()),
    data: z.record(z.unknown()).nullable(),
    redirect: redirectSchema.optional(),
    severity: z.string(),
    workflow: z.object({
      id: z.string(),
      identifier: z.string(),
      name: z.string(),
      critical: z.boolean(),
      tags: z.array(z.string()),
      severity: z.string(),
    }),
  })
  .passthrough();
export const inboxNotificationEnvelopeSchema = z.object({ data: inboxNotificationDtoSchema });
