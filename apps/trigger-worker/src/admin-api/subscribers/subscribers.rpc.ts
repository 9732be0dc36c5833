import { Injectable } from '@nestjs/common';
import { SUBSCRIBERS_RPC, type Envelope, type TriggerWorkerRpcRequest } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { assertSameEnvironment } from '../../platform/rpc/worker-rpc.error';
import { SubscriberAdminRepository } from './subscriber-admin.repository';
import { SubscriberPreferencesRepository } from './subscriber-preferences.repository';

type Req<M extends keyof typeof SUBSCRIBERS_RPC> = TriggerWorkerRpcRequest<M>;

/** `POST|GET|PATCH|DELETE /v2/subscribers…`, `/v1/subscribers/bulk`, credentials and preferences, over RPC. */
@Injectable()
export class SubscribersRpc {
  constructor(
    private readonly subscribers: SubscriberAdminRepository,
    private readonly preferences: SubscriberPreferencesRepository,
  ) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof SUBSCRIBERS_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handleContract(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)));

    on('subscribers.create.v1', (r) => this.subscribers.create(r.environmentId, r.organizationId, { type: 'Subscriber', ...r.subscriber }, r.failIfExists));
    on('subscribers.get.v1', (r) => this.subscribers.get(r.environmentId, r.subscriberId));
    on('subscribers.update.v1', (r) => this.subscribers.patch(r.environmentId, { type: 'Subscriber', ...r.patch, subscriberId: r.subscriberId }));
    on('subscribers.delete.v1', async (r) => (await this.subscribers.delete(r.environmentId, r.subscriberId), { acknowledged: true, status: 'deleted' }));
    on('subscribers.search.v1', (r) => this.subscribers.search(r));
    on('subscribers.bulk-create.v1', (r) => this.subscribers.bulk(r.environmentId, r.organizationId, r.subscribers.map((s) => ({ type: 'Subscriber' as const, ...s }))));
    on('subscribers.credentials.set.v1', (r) => this.subscribers.setCredentials(r.environmentId, r.subscriberId, r.providerId, r.integrationIdentifier ?? '', r.credentials, r.mode));
    on('subscribers.credentials.delete.v1', async (r) => (await this.subscribers.deleteCredentials(r.environmentId, r.subscriberId, r.providerId, r.integrationIdentifier), { acknowledged: true }));
    on('subscribers.preferences.get.v1', (r) => this.preferences.get(r.environmentId, r.subscriberId));
    on('subscribers.preferences.update.v1', (r) => this.preferences.update(r.environmentId, r.subscriberId, { workflowId: r.workflowId, enabled: r.enabled, channels: r.channels }));
  }
}
