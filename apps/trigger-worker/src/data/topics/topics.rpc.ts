import { Injectable } from '@nestjs/common';
import { idSchema, type Envelope } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { z } from 'zod';
import { assertSameEnvironment } from '../worker-rpc.error';
import { TopicAdminRepository } from './topic-admin.repository';

const scope = { environmentId: idSchema };
const keyed = { ...scope, key: idSchema };
const subscriberIds = z.array(idSchema).min(1).max(100);

/** Request schemas of the topic RPC methods, by method name (= envelope `type`). */
export const TOPIC_RPC = {
  'topics.upsert.v1': z.object({ ...keyed, name: z.string().max(255).optional() }),
  'topics.list.v1': z.object({ ...scope, after: z.string().max(500).optional(), limit: z.number().int().min(1).max(100).default(10), key: z.string().max(255).optional(), name: z.string().max(255).optional() }),
  'topics.get.v1': z.object(keyed),
  'topics.update.v1': z.object({ ...keyed, name: z.string().min(1).max(255) }),
  'topics.delete.v1': z.object(keyed),
  'topics.subscriptions.create.v1': z.object({ ...keyed, subscriberIds }),
  'topics.subscriptions.list.v1': z.object({ ...keyed, after: z.string().max(255).optional(), limit: z.number().int().min(1).max(100).default(10), subscriberId: idSchema.optional() }),
  'topics.subscriptions.delete.v1': z.object({ ...keyed, subscriberIds }),
} as const;

type Req<M extends keyof typeof TOPIC_RPC> = z.infer<(typeof TOPIC_RPC)[M]>;

/** `/v2/topics…` and `/v2/topics/:key/subscriptions`, over RPC. */
@Injectable()
export class TopicsRpc {
  constructor(private readonly topics: TopicAdminRepository) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof TOPIC_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handle(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)), TOPIC_RPC[method]);

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
