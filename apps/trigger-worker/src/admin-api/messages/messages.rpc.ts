import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { MessageAdminRepository } from './message-admin.repository';

/** `GET /v1/messages`, `DELETE /v1/messages/:id`, `DELETE /v1/messages/transaction/:transactionId`, over RPC. */
@Injectable()
export class MessagesRpc {
  constructor(private readonly messages: MessageAdminRepository) {}

  register(server: RpcServer): void {
    server.serve('messages.list.v1', (r) => this.messages.list(r));
    server.serve('messages.delete.v1', async (r) => {
      await this.messages.delete(r.environmentId, { messageId: r.messageId });
      return { acknowledged: true, status: 'deleted' };
    });
    server.serve('messages.delete-by-transaction.v1', async (r) => {
      const deleted = await this.messages.delete(r.environmentId, r);
      return { acknowledged: true, status: 'deleted', deleted };
    });
  }
}
