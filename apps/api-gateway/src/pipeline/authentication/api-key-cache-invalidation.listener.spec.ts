import { buildMessageDeletedFixture, createContractMessage, createEnvelope } from '@herald/contracts';
import type { MessageConsumerOptions, MessageContext, Messaging } from '@herald/messaging';

import { ApiKeyCache } from './api-key.cache';
import type { AuthenticatedEnvironment } from './api-key.repository';
import { ApiKeyCacheInvalidationListener } from './api-key-cache-invalidation.listener';

/** A broker stand-in: one replica consumer whose readiness the test switches. */
function fakeMessaging() {
  const state: { ready: boolean; options?: MessageConsumerOptions<unknown> } = { ready: false };
  const messaging = {
    consume: (options: MessageConsumerOptions<unknown>) => {
      state.options = options;
      return {
        get isReady() {
          return state.ready;
        },
      };
    },
  } as unknown as Messaging;
  return { messaging, state };
}

function context(routingKey: string): MessageContext {
  return { queue: 'q', routingKey, attempt: 1, redelivered: false, headers: {} };
}

function environment(apiKeyId: string, organizationId = 'org-1'): AuthenticatedEnvironment {
  return {
    environmentId: `env-of-${organizationId}`,
    organizationId,
    environmentName: 'Production',
    environmentIdentifier: 'production',
    apiKeyId,
    idempotencyEnabled: true,
  };
}

/** For reading the cache without loading: a test never expects a load here. */
const notLoaded = () => Promise.reject(new Error('the cache should not load here'));

describe('ApiKeyCacheInvalidationListener', () => {
  let cache: ApiKeyCache;
  beforeEach(() => {
    jest.useFakeTimers();
    cache = new ApiKeyCache({ API_KEY_CACHE_TTL_MS: 3_600_000 });
  });
  afterEach(() => jest.useRealTimers());

  it('consumes every invalidating event on one replica queue', () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    expect(state.options).toMatchObject({
      mode: 'replica',
      routingKeys: ['api-key.revoked.v1', 'organization.settings-changed.v1', 'environment.deleted.v1'],
    });
    listener.onModuleDestroy();
  });

  it('evicts the keys named by api-key.revoked.v1', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    await cache.get('digest-a', async () => environment('key-a'));
    await cache.get('digest-b', async () => environment('key-b'));
    const message = createContractMessage('api-key.revoked.v1', {
      environmentId: 'env-of-org-1',
      organizationId: 'org-1',
      apiKeyIds: ['key-a'],
      reason: 'revoked',
      revokedAt: new Date(0).toISOString(),
    });
    await state.options?.handler(message, context(message.type));
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-b', notLoaded)).toBeDefined();
    listener.onModuleDestroy();
  });

  it('evicts every key of the environment named by environment.deleted.v1, and only those', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    await cache.get('digest-a', async () => environment('key-a', 'org-1'));
    await cache.get('digest-b', async () => environment('key-b', 'org-2'));
    const message = createContractMessage('environment.deleted.v1', {
      environmentId: 'env-of-org-1',
      organizationId: 'org-1',
      deletedAt: new Date(0).toISOString(),
    });
    await state.options?.handler(message, context(message.type));
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-b', notLoaded)).toBeDefined();
    listener.onModuleDestroy();
  });

  it('evicts every key of the organization named by organization.settings-changed.v1, and only those', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    await cache.get('digest-a', async () => environment('key-a'));
    await cache.get('digest-b', async () => environment('key-b'));
    await cache.get('digest-c', async () => environment('key-c', 'org-2'));
    const message = createContractMessage('organization.settings-changed.v1', {
      environmentId: 'env-of-org-1',
      organizationId: 'org-1',
      settings: ['idempotencyEnabled'],
      changedAt: new Date(0).toISOString(),
    });
    await state.options?.handler(message, context(message.type));
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-b', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-c', notLoaded)).toBeDefined();
    listener.onModuleDestroy();
  });

  it('refuses (so the queue drops) an invalid message, evicting nothing', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    await cache.get('digest-a', async () => environment('key-a'));
    const invalid = createEnvelope('organization.settings-changed.v1', 'env-of-org-1', {
      environmentId: 'env-of-org-1',
      organizationId: 'org-1',
      settings: [],
    });
    await expect(state.options?.handler(invalid, context(invalid.type))).rejects.toThrow(
      'invalid organization.settings-changed.v1',
    );
    const unexpected = createContractMessage('message.deleted.v1', buildMessageDeletedFixture());
    await expect(state.options?.handler(unexpected, context(unexpected.type))).rejects.toThrow(
      'unexpected message type message.deleted.v1',
    );
    expect(cache.peek('digest-a', notLoaded)).toBeDefined();
    listener.onModuleDestroy();
  });

  it('clears the cache whenever its queue starts being consumed again (events may have been missed meanwhile)', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyCacheInvalidationListener(cache, messaging);
    listener.onApplicationBootstrap();
    await cache.get('digest-a', async () => environment('key-a'));
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(false);
    expect(cache.peek('digest-a', notLoaded)).toBeDefined();

    state.ready = true;
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(true);
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();

    await cache.get('digest-a', async () => environment('key-a'));
    jest.advanceTimersByTime(1_000);
    expect(cache.peek('digest-a', notLoaded)).toBeDefined();

    state.ready = false;
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(false);
    state.ready = true;
    jest.advanceTimersByTime(1_000);
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    listener.onModuleDestroy();
  });

  it('leaves the cache to its TTL without a broker', () => {
    const listener = new ApiKeyCacheInvalidationListener(cache);
    listener.onApplicationBootstrap();
    expect(listener.isListening).toBe(false);
  });
});
