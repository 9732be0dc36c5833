import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { TopicAdminRepository } from './topic-admin.repository';

/** `/v2/topics…`, `/v2/topics/:key/subscriptions` and `/v2/subscribers/:id/subscriptions`, over RPC. */
@Injectable()
export class TopicsRpc {
  constructor(private readonly topics: TopicAdminRepository) {}

  register(server: RpcServer): void {
    const { topics } = this;
    server.serve('topics.upsert.v1', (r) => topics.upsert(r.environmentId, r.key, r.name));
    server.serve('topics.list.v1', (r) => topics.list(r.environmentId, r));
    server.serve('topics.get.v1', (r) => topics.get(r.environmentId, r.key));
    server.serve('topics.update.v1', (r) => topics.rename(r.environmentId, r.key, r.name));
    server.serve('topics.delete.v1', async (r) => {
      await topics.delete(r.environmentId, r.key);
      return { acknowledged: true };
    });
    server.serve('topics.subscriptions.create.v1', (r) => topics.subscribe(r.environmentId, r.key, r.subscriberIds));
    server.serve('topics.subscriptions.list.v1', (r) => topics.subscriptions(r.environmentId, r.key, r));
    server.serve('subscribers.topics.list.v1', (r) => topics.subscriberTopics(r.environmentId, r));
    server.serve('topics.subscriptions.update.v1', (r) =>
      topics.updateSubscription(r.environmentId, r.key, r.subscriberId, r.name),
    );
    server.serve('topics.subscriptions.delete.v1', (r) => topics.unsubscribe(r.environmentId, r.key, r.subscriberIds));
  }
}
