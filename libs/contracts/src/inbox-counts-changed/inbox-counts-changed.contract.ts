import { z } from 'zod';

import { idSchema } from '../common/primitives.schema';

/**
 * Routing key: runner-in-app → every gateway replica (socket.io clients), after a change to a
 * subscriber's inbox commits that may have changed its counts (a message stored, marked, archived
 * or deleted, from any source). Written to the outbox by a database trigger on the inbox table, so
 * no code path that changes the inbox can forget it.
 */
export const INBOX_COUNTS_CHANGED_V1 = 'inbox.counts-changed.v1' as const;

const countSchema = z.number().int().min(0);

/** Unread messages by severity, as Novu's `unread_count_changed` carries them. */
export const inboxSeverityCountsSchema = z.object({
  high: countSchema,
  medium: countSchema,
  low: countSchema,
  none: countSchema,
});
export type InboxSeverityCounts = z.infer<typeof inboxSeverityCountsSchema>;

/** The data of `inbox.counts-changed.v1`: the subscriber's counts as they were at commit. */
export const inboxCountsChangedDataSchema = z.object({
  environmentId: idSchema,
  subscriberId: idSchema,
  /** Messages neither seen nor archived (Novu's `unseenCount`). */
  unseenCount: countSchema,
  /** Messages neither read nor archived (Novu's `counts`). */
  unreadCount: z.object({ total: countSchema, severity: inboxSeverityCountsSchema }),
});
export type InboxCountsChangedData = z.infer<typeof inboxCountsChangedDataSchema>;
