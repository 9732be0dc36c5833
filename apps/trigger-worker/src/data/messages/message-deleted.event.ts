import { deliveryChannelSchema, idSchema, transactionIdSchema } from '@herald/contracts';
import { z } from 'zod';

/**
 * `message.deleted.v1` (trigger-worker → runners, the in-app runner removes the inbox row). Not in
 * `@herald/contracts` yet: defined here so what is published is validated; move it there.
 */
export const MESSAGE_DELETED_V1 = 'message.deleted.v1';

export const messageDeletedDataSchema = z.object({
  environmentId: idSchema,
  /** The worker's id of the message (GET /v1/messages `_id`). */
  messageId: z.string().uuid(),
  /** The runner's own id of what it delivered (the inbox message for in-app), when it reported one. */
  deliveredMessageId: idSchema.optional(),
  jobId: z.string().uuid(),
  transactionId: transactionIdSchema,
  subscriberId: idSchema,
  channel: deliveryChannelSchema,
});
export type MessageDeletedData = z.infer<typeof messageDeletedDataSchema>;
