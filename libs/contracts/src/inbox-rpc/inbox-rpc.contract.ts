import { z } from 'zod';

import { idSchema } from '../common/primitives.schema';
import { inboxMessageSchema } from '../inbox-message-created/inbox-message-created.contract';

/** runner-in-app serves the inbox on its RPC queue (`runner-in-app.rpc`); the gateway maps it to Novu's routes. */
export const INBOX_RPC_SERVICE = 'runner-in-app' as const;

/** Every inbox request names the environment (equal to the envelope's) and the subscriber. */
const subscriberScope = { environmentId: idSchema, subscriberId: idSchema };

/** RPC: a page of a subscriber's feed, newest first (`GET /v1/subscribers/:id/notifications/feed`). */
export const INBOX_FEED_V1 = 'inbox.feed.v1' as const;
export const inboxFeedRequestSchema = z.object({
  ...subscriberScope,
  /** 0-based, as in Novu. */
  page: z.number().int().min(0).max(10_000).default(0),
  limit: z.number().int().min(1).max(100).default(10),
  seen: z.boolean().optional(),
  read: z.boolean().optional(),
  /** Archived messages are left out unless asked for. */
  archived: z.boolean().default(false),
});
export type InboxFeedRequest = z.input<typeof inboxFeedRequestSchema>;
export const inboxFeedResponseSchema = z.object({
  data: z.array(inboxMessageSchema),
  totalCount: z.number().int().min(0),
  hasMore: z.boolean(),
  pageSize: z.number().int(),
  page: z.number().int(),
});
export type InboxFeedResponse = z.infer<typeof inboxFeedResponseSchema>;

/** RPC: how many messages are not seen (not archived) (`GET /v1/subscribers/:id/notifications/unseen`). */
export const INBOX_UNSEEN_COUNT_V1 = 'inbox.unseen-count.v1' as const;
export const inboxUnseenCountRequestSchema = z.object(subscriberScope);
export type InboxUnseenCountRequest = z.infer<typeof inboxUnseenCountRequestSchema>;
export const inboxCountResponseSchema = z.object({ count: z.number().int().min(0) });
export type InboxCountResponse = z.infer<typeof inboxCountResponseSchema>;

/** What a message can be marked as. `read` implies `seen`; `unseen` also makes it unread. */
export const inboxMarkSchema = z.enum(['seen', 'unseen', 'read', 'unread', 'archived', 'unarchived']);
export type InboxMark = z.infer<typeof inboxMarkSchema>;

/** RPC: marks messages of a subscriber (`POST /v1/subscribers/:id/messages/mark-as`); answers the updated messages. */
export const INBOX_MARK_AS_V1 = 'inbox.mark-as.v1' as const;
export const inboxMarkAsRequestSchema = z.object({
  ...subscriberScope,
  messageIds: z.array(idSchema).min(1).max(100),
  markAs: inboxMarkSchema,
});
export type InboxMarkAsRequest = z.infer<typeof inboxMarkAsRequestSchema>;
export const inboxMarkAsResponseSchema = z.object({ data: z.array(inboxMessageSchema) });
export type InboxMarkAsResponse = z.infer<typeof inboxMarkAsResponseSchema>;

/** RPC: marks every message of a subscriber (`POST /v1/subscribers/:id/messages/mark-all`); answers how many changed. */
export const INBOX_MARK_ALL_V1 = 'inbox.mark-all.v1' as const;
export const inboxMarkAllRequestSchema = z.object({ ...subscriberScope, markAs: inboxMarkSchema });
export type InboxMarkAllRequest = z.infer<typeof inboxMarkAllRequestSchema>;

/** RPC: messages after a sequence number, oldest first (an SSE client resuming with `Last-Event-ID`). */
export const INBOX_MESSAGES_SINCE_V1 = 'inbox.messages-since.v1' as const;
export const inboxMessagesSinceRequestSchema = z.object({
  ...subscriberScope,
  afterSeq: z.number().int().min(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type InboxMessagesSinceRequest = z.input<typeof inboxMessagesSinceRequestSchema>;
export const inboxMessagesSinceResponseSchema = z.object({ data: z.array(inboxMessageSchema) });
