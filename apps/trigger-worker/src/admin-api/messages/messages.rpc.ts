import { Injectable } from '@nestjs/common';
import { MESSAGES_RPC, type Envelope, type TriggerWorkerRpcRequest } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { assertSameEnvironment } from '../../platform/rpc/worker-rpc.error';
import { MessageAdminRepository } from './message-admin.repository';

type Req<M extends keyof typeof MESSAGES_RPC> = TriggerWorkerRpcRequest<M>;

/** `GET /v1/messages`, `DELETE /v1/messages/:id`, `DELETE /v1/messages/transaction/:transactionId`, over RPC. */
@Injectable()
export class MessagesRpc {
  constructor(private readonly messages: MessageAdminRepository) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof MESSAGES_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handleContract(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)));

    on('messages.list.v1', (r) => this.messages.list(r));
    on('messages.delete.v1', async (r) => (await this.messages.delete(r.environmentId, { messageId: r.messageId }), { acknowledged: true, status: 'deleted' }));
    on('messages.delete-by-transaction.v1', async (r) => ({ acknowledged: true, status: 'deleted', deleted: await this.messages.delete(r.environmentId, r) }));
  }
}
