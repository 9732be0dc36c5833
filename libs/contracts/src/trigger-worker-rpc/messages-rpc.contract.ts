import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { idSchema, isoDateTimeSchema, transactionIdSchema } from '../common/primitives.schema';
import { RpcMethodContract, workerOffsetPageSchema, workerRpcScope } from './trigger-worker-rpc';

/** A delivered message from the worker's read model (the fields of Novu's `MessageResponseDto` it knows). */
export const workerMessageSchema = z.object({
  _id: z.string(),
  _environmentId: idSchema,
  _notificationId: z.string(),
  _jobId: z.string(),
  /** The worker's subscriber row id. */
  _subscriberId: z.string(),
  subscriberId: idSchema,
  transactionId: transactionIdSchema,
  channel: deliveryChannelSchema,
  recipient: z.string(),
  providerId: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  /** The runner's own id of what it delivered (the inbox message for in-app). */
  deliveredMessageId: z.string().nullable(),
  status: z.literal('sent'),
  deleted: z.boolean(),
  createdAt: isoDateTimeSchema,
});
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

const deleted = { acknowledged: z.literal(true), status: z.literal('deleted') };

/** The message methods (`GET /v1/messages`, `DELETE /v1/messages/:id`, `…/transaction/:transactionId`), by name. */
export const MESSAGES_RPC = {
  'messages.list.v1': {
    request: z.object({
      ...workerRpcScope,
      page: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(100).default(10),
      channel: deliveryChannelSchema.optional(),
      subscriberId: idSchema.optional(),
      transactionIds: z.array(transactionIdSchema).max(100).optional(),
    }),
    response: workerOffsetPageSchema(workerMessageSchema),
  },
  /** Marks the message deleted and publishes `message.deleted.v1`; `message_not_found` when there is none. */
  'messages.delete.v1': {
    request: z.object({ ...workerRpcScope, messageId: z.string().uuid() }),
    response: z.object(deleted),
  },
  /** Marks every message of a transaction (optionally of one channel) deleted; `deleted` counts them. */
  'messages.delete-by-transaction.v1': {
    request: z.object({
      ...workerRpcScope,
      transactionId: transactionIdSchema,
      channel: deliveryChannelSchema.optional(),
    }),
    response: z.object({ ...deleted, deleted: z.number().int().min(0) }),
  },
} as const satisfies Record<string, RpcMethodContract>;
