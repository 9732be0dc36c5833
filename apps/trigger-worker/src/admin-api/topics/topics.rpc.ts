import { Injectable } from '@nestjs/common';
import { TOPICS_RPC, type Envelope, type TriggerWorkerRpcRequest } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { assertSameEnvironment } from '../../platform/rpc/worker-rpc.error';
import { TopicAdminRepository } from './topic-admin.repository';

type Req<M extends keyof typeof TOPICS_RPC> = TriggerWorkerRpcRequest<M>;

/** `/v2/topics…` and `/v2/topics/:key/subscriptions`, over RPC. */
@Injectable()
export class TopicsRpc {
  constructor(private readonly topics: TopicAdminRepository) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof TOPICS_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handleContract(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)));

    on('topics.upsert.v1', (r) => this.topics.upsert(r.environmentId, r.key, r.name));
    on('topics.list.v1', (r) => this.topics.list(r.environmentId, r));
    on('topics.get.v1', (r) => this.topics.get(r.environmentId, r.key));
    on('topics.update.v1', (r) => this.topics.rename(r.environmentId, r.key, r.name));
    on('topics.delete.v1', async (r) => (await this.topics.delete(r.environmentId, r.key), { acknowledged: true }));
    on('topics.subscriptions.create.v1', (r) => this.topics.subscribe(r.environmentId, r.key, r.subscriberIds));
    on('topics.subscriptions.list.v1', (r) => this.topics.subscriptions(r.environmentId, r.key, r));
    on('topics.subscriptions.delete.v1', (r) => this.topics.unsubscribe(r.environmentId, r.key, r.subscriberIds));
  }
}
