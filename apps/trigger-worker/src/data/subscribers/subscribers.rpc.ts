import { Injectable } from '@nestjs/common';
import { channelCredentialsSchema, deliveryChannelSchema, idSchema, subscriberRefSchema, type Envelope } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { z } from 'zod';
import { assertSameEnvironment } from '../worker-rpc.error';
import { SubscriberAdminRepository } from './subscriber-admin.repository';
import { SubscriberPreferencesRepository } from './subscriber-preferences.repository';

const fields = subscriberRefSchema.omit({ type: true });
const scope = { environmentId: idSchema };
const one = z.object({ ...scope, subscriberId: idSchema });

/** Request schemas of the subscriber RPC methods, by method name (= envelope `type`). */
export const SUBSCRIBER_RPC = {
  'subscribers.create.v1': z.object({ ...scope, organizationId: idSchema, subscriber: fields, failIfExists: z.boolean().default(false) }),
  'subscribers.get.v1': one,
  'subscribers.update.v1': z.object({ ...scope, subscriberId: idSchema, patch: fields.omit({ subscriberId: true }) }),
  'subscribers.delete.v1': one,
  'subscribers.search.v1': z.object({
    ...scope,
    after: z.string().max(500).optional(),
    before: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(100).default(10),
    orderDirection: z.enum(['ASC', 'DESC']).default('DESC'),
    email: z.string().max(320).optional(),
    phone: z.string().max(64).optional(),
    subscriberId: z.string().max(255).optional(),
    name: z.string().max(255).optional(),
  }),
  'subscribers.bulk-create.v1': z.object({ ...scope, organizationId: idSchema, subscribers: z.array(fields).min(1).max(500) }),
  'subscribers.credentials.set.v1': z.object({
    ...scope,
    subscriberId: idSchema,
    providerId: z.string().min(1).max(64),
    integrationIdentifier: z.string().max(255).optional(),
    credentials: channelCredentialsSchema,
    mode: z.enum(['replace', 'append']),
  }),
  'subscribers.credentials.delete.v1': z.object({ ...scope, subscriberId: idSchema, providerId: z.string().min(1).max(64), integrationIdentifier: z.string().max(255).optional() }),
  'subscribers.preferences.get.v1': one,
  'subscribers.preferences.update.v1': z.object({
    ...scope,
    subscriberId: idSchema,
    workflowId: idSchema.optional(),
    enabled: z.boolean().optional(),
    channels: z.record(deliveryChannelSchema, z.boolean()).default({}),
  }),
} as const;

type Req<M extends keyof typeof SUBSCRIBER_RPC> = z.infer<(typeof SUBSCRIBER_RPC)[M]>;

/** `POST|GET|PATCH|DELETE /v2/subscribers…`, `/v1/subscribers/bulk`, credentials and preferences, over RPC. */
@Injectable()
export class SubscribersRpc {
  constructor(
    private readonly subscribers: SubscriberAdminRepository,
    private readonly preferences: SubscriberPreferencesRepository,
  ) {}

  register(server: RpcServer): void {
    const on = <M extends keyof typeof SUBSCRIBER_RPC>(method: M, handler: (request: Req<M>) => Promise<unknown>) =>
      server.handle(method, (envelope: Envelope<Req<M>>) => (assertSameEnvironment(envelope.environmentId, envelope.data), handler(envelope.data)), SUBSCRIBER_RPC[method]);

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
