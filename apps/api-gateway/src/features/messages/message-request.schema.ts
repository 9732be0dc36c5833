import { deliveryChannelSchema, idSchema, transactionIdSchema } from '@herald/contracts';
import { z } from 'zod';

import { intQuery, listQuery } from '../../adapters/trigger-worker-rpc/query-params';

/** `GET /v1/messages` (Novu's filters; `transactionId` repeatable). */
export const listMessagesQuerySchema = z.object({
  page: intQuery(0, 10_000).default(0),
  limit: intQuery(1, 100).default(10),
  channel: deliveryChannelSchema.optional(),
  subscriberId: idSchema.optional(),
  transactionId: listQuery(transactionIdSchema, 100).optional(),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuerySchema>;

/** `DELETE /v1/messages/transaction/:transactionId?channel=`. */
export const deleteMessagesByTransactionQuerySchema = z.object({ channel: deliveryChannelSchema.optional() });
export type DeleteMessagesByTransactionQuery = z.output<typeof deleteMessagesByTransactionQuerySchema>;
