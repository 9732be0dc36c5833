import { z } from 'zod';

const MARKS = ['read', 'seen', 'unread', 'unseen'] as const;

/** A query-string boolean (`true`/`false`), as Novu's feed filters are sent. */
const queryBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `GET /v1/subscribers/:id/notifications/feed` query (Novu: 0-based `page`, `limit` ≤ 100, default 10). */
export const feedQuerySchema = z.object({
  page: z.coerce.number().int().min(0).max(10_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  seen: queryBoolean.optional(),
  read: queryBoolean.optional(),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

/** `POST /v1/subscribers/:id/messages/mark-as` body (Novu's `MessageMarkAsRequestDto`). */
export const markAsBodySchema = z.object({
  messageId: z
    .union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).min(1).max(100)])
    .transform((value) => (Array.isArray(value) ? value : [value])),
  markAs: z.enum(MARKS),
});
export type MarkAsBody = z.infer<typeof markAsBodySchema>;

/** `POST /v1/subscribers/:id/messages/mark-all` body (Novu's `MarkAllMessageAsRequestDto`; `feedIdentifier` is accepted and ignored). */
export const markAllBodySchema = z.object({
  markAs: z.enum(MARKS),
  feedIdentifier: z.union([z.string(), z.array(z.string())]).optional(),
});
export type MarkAllBody = z.infer<typeof markAllBodySchema>;
