import { Injectable } from '@nestjs/common';
import { deliveryChannelSchema, idSchema, transactionIdSchema, type Envelope } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { z } from 'zod';
import { assertSameEnvironment } from '../worker-rpc.error';
import { MessageAdminRepository } from './message-admin.repository';

/** Request schemas of the message RPC methods. */
export const MESSAGE_RPC = {
  'messages.list.v1': z.object({
    environmentId: idSchema,
    page: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(100).default(10),
    channel: deliveryChannelSchema.optional(),
    subscriberId: idSchema.optional(),
    transactionIds: z.array(transactionIdSchema).max(100).optional(),
  }),
  'messages.delete.v1': z.object({ environmentId: idSchema, messageId: z.string().uuid() }),
  'messages.delete-by-transaction.v1': z.object({ environmentId: idSchema, transactionId: transactionIdSchema, channel: deliveryChannelSchema.optional() }),
} as const;

type Req<M extends keyof typeof MESSAGE_RPC> = z.infer<(typeof MESSAGE_RPC)[M]>;

/** `GET /v1/messages`, `DELETE /v1/messages/:id`, `DELETE /v1/messages/transaction/:transactionId`, over RPC. */
@Injectable()
export class MessagesRpc {
  constructor(private readonly messages: MessageAdminRepository) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof MESSAGE_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handle(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)), MESSAGE_RPC[method]);

    on('messages.list.v1', (r) => this.messages.list(r));
    on('messages.delete.v1', async (r) => (await this.messages.delete(r.environmentId, { messageId: r.messageId }), { acknowledged: true, status: 'deleted' }));
    on('messages.delete-by-transaction.v1', async (r) => ({ acknowledged: true, status: 'deleted', deleted: await this.messages.delete(r.environmentId, r) }));
  }
}
