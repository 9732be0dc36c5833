import { z } from 'zod';

import {
  boundedString,
  idSchema,
  isoDateTimeSchema,
  jsonRecordSchema,
  transactionIdSchema,
} from '../common/primitives.schema';

/** Routing key: runner-in-app → every gateway replica (SSE streams), after an inbox message is stored. */
export const INBOX_MESSAGE_CREATED_V1 = 'inbox.message-created.v1' as const;

/** Where an inbox message (or one of its actions) leads. */
export const inboxRedirectSchema = z.object({
  url: z.string().max(2048),
  target: z.enum(['_self', '_blank', '_parent', '_top', '_unfencedTop']).optional(),
});
export type InboxRedirect = z.infer<typeof inboxRedirectSchema>;

/** A button of an inbox message. */
export const inboxActionSchema = z.object({
  label: z.string().max(255),
  redirect: inboxRedirectSchema.optional(),
});
export type InboxAction = z.infer<typeof inboxActionSchema>;

/** An inbox message as clients see it (what the feed lists and the SSE stream pushes). */
export const inboxMessageSchema = z.object({
  /** Herald's id of the message (the job's `delivery.messageId`). */
  id: idSchema,
  /** Increases with every message of the inbox store: SSE event ids, so a client resumes with `Last-Event-ID`. */
  seq: z.number().int().min(1),
  subscriberId: idSchema,
  transactionId: transactionIdSchema,
  workflowIdentifier: idSchema,
  stepId: boundedString(100),
  subject: z.string().nullable(),
  body: z.string(),
  avatar: z.string().max(2048).nullable(),
  primaryAction: inboxActionSchema.nullable(),
  secondaryAction: inboxActionSchema.nullable(),
  redirect: inboxRedirectSchema.nullable(),
  data: jsonRecordSchema,
  seen: z.boolean(),
  read: z.boolean(),
  archived: z.boolean(),
  createdAt: isoDateTimeSchema,
});
export type InboxMessage = z.infer<typeof inboxMessageSchema>;

/** The data of `inbox.message-created.v1`. */
export const inboxMessageCreatedDataSchema = z.object({
  environmentId: idSchema,
  message: inboxMessageSchema,
});
export type InboxMessageCreatedData = z.infer<typeof inboxMessageCreatedDataSchema>;
