import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { idSchema, transactionIdSchema } from '../common/primitives.schema';

/**
 * Routing key: trigger-worker → runners, one message per message deleted through
 * `DELETE /v1/messages…`. runner-in-app removes the inbox message; other channels have nothing
 * left to take back and ignore it.
 */
export const MESSAGE_DELETED_V1 = 'message.deleted.v1' as const;

/** The data of `message.deleted.v1`. */
export const messageDeletedDataSchema = z.object({
  environmentId: idSchema,
  /** The worker's id of the message (`GET /v1/messages` `_id`); runners do not know it. */
  messageId: z.string().uuid(),
  /**
   * The runner's own id of what it delivered, as it reported it in `delivery.messageId` (the
   * inbox message for in-app); absent when the runner reported none.
   */
  deliveredMessageId: idSchema.optional(),
  /** The job that delivered the message: one delivery per job, so it names the delivery too. */
  jobId: z.string().uuid(),
  transactionId: transactionIdSchema,
  subscriberId: idSchema,
  channel: deliveryChannelSchema,
});
export type MessageDeletedData = z.infer<typeof messageDeletedDataSchema>;
