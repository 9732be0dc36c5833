import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { SubscriberAdminRepository } from './subscriber-admin.repository';
import { SubscriberPreferencesRepository } from './subscriber-preferences.repository';

/** `/v2/subscribers…` and `/v1/subscribers…` (profile, list, online flag, bulk, credentials, preferences), over RPC. */
@Injectable()
export class SubscribersRpc {
  constructor(
    private readonly subscribers: SubscriberAdminRepository,
    private readonly preferences: SubscriberPreferencesRepository,
  ) {}

  register(server: RpcServer): void {
    const { subscribers, preferences } = this;
    server.serve('subscribers.create.v1', (r) =>
      subscribers.create(r.environmentId, r.organizationId, { type: 'Subscriber', ...r.subscriber }, r.failIfExists),
    );
    server.serve('subscribers.get.v1', (r) => subscribers.get(r.environmentId, r.subscriberId));
    server.serve('subscribers.update.v1', (r) =>
      subscribers.patch(r.environmentId, { type: 'Subscriber', ...r.patch, subscriberId: r.subscriberId }),
    );
    server.serve('subscribers.delete.v1', async (r) => {
      await subscribers.delete(r.environmentId, r.subscriberId);
      return { acknowledged: true, status: 'deleted' };
    });
    server.serve('subscribers.search.v1', (r) => subscribers.search(r));
    server.serve('subscribers.list.v1', (r) => subscribers.list(r.environmentId, r.page, r.limit));
    server.serve('subscribers.online-status.v1', (r) =>
      subscribers.setOnlineStatus(r.environmentId, r.subscriberId, r.isOnline),
    );
    server.serve('subscribers.bulk-create.v1', (r) =>
      subscribers.bulk(
        r.environmentId,
        r.organizationId,
        r.subscribers.map((s) => ({ type: 'Subscriber' as const, ...s })),
      ),
    );
    server.serve('subscribers.credentials.set.v1', (r) =>
      subscribers.setCredentials(
        r.environmentId,
        r.subscriberId,
        r.providerId,
        r.integrationIdentifier ?? '',
        r.credentials,
        r.mode,
      ),
    );
    server.serve('subscribers.credentials.delete.v1', async (r) => {
      await subscribers.deleteCredentials(r.environmentId, r.subscriberId, r.providerId, r.integrationIdentifier);
      return { acknowledged: true };
    });
    server.serve('subscribers.preferences.get.v1', (r) => preferences.get(r.environmentId, r.subscriberId));
    server.serve('subscribers.preferences.update.v1', (r) =>
      preferences.update(r.environmentId, r.subscriberId, {
        workflowId: r.workflowId,
        enabled: r.enabled,
        channels: r.channels,
      }),
    );
    server.serve('subscribers.preferences.bulk-update.v1', (r) =>
      preferences.updateMany(r.environmentId, r.subscriberId, r.workflows),
    );
  }
}
