import { createEnvelope, type ApiKeyRevokedData } from '@herald/contracts';
import type { MessageConsumerOptions, Messaging } from '@herald/messaging';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRevocationListener } from './api-key-revocation.listener';
import type { AuthenticatedEnvironment } from './api-key.repository';

/** A broker stand-in: one replica consumer whose readiness the test switches. */
function fakeMessaging() {
  const state: { ready: boolean; options?: MessageConsumerOptions<ApiKeyRevokedData> } = { ready: false };
  const messaging = {
    consume: (options: MessageConsumerOptions<ApiKeyRevokedData>) => {
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

function environment(apiKeyId: string): AuthenticatedEnvironment {
  return { environmentId: 'env-1', organizationId: 'org-1', environmentName: 'Production', environmentIdentifier: 'production', apiKeyId, idempotencyEnabled: true };
}

describe('ApiKeyRevocationListener', () => {
  let cache: ApiKeyCache;
  beforeEach(() => {
    jest.useFakeTimers();
    cache = new ApiKeyCache({ API_KEY_CACHE_TTL_MS: 3_600_000 });
  });
  afterEach(() => jest.useRealTimers());

  it('consumes api-key.revoked.v1 on a replica queue and evicts the named keys', async () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyRevocationListener(cache, messaging);
    listener.onApplicationBootstrap();
    expect(state.options).toMatchObject({ mode: 'replica', routingKeys: ['api-key.revoked.v1'] });
    cache.set('digest-a', environment('key-a'));
    cache.set('digest-b', environment('key-b'));
    const data: ApiKeyRevokedData = { environmentId: 'env-1', organizationId: 'org-1', apiKeyIds: ['key-a'], reason: 'revoked', revokedAt: new Date(0).toISOString() };
    await state.options?.handler(createEnvelope('api-key.revoked.v1', 'env-1', data), { queue: 'q', routingKey: 'api-key.revoked.v1', attempt: 1, redelivered: false, headers: {} });
    expect(cache.get('digest-a')).toBeUndefined();
    expect(cache.get('digest-b')).toBeDefined();
    listener.onModuleDestroy();
  });

  it('clears the cache whenever its queue starts being consumed again (events may have been missed meanwhile)', () => {
    const { messaging, state } = fakeMessaging();
    const listener = new ApiKeyRevocationListener(cache, messaging);
    listener.onApplicationBootstrap();
    cache.set('digest-a', environment('key-a'));
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(false);
    expect(cache.get('digest-a')).toBeDefined();

    state.ready = true;
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(true);
    expect(cache.get('digest-a')).toBeUndefined();

    cache.set('digest-a', environment('key-a'));
    jest.advanceTimersByTime(1_000);
    expect(cache.get('digest-a')).toBeDefined();

    state.ready = false;
    jest.advanceTimersByTime(1_000);
    expect(listener.isListening).toBe(false);
    state.ready = true;
    jest.advanceTimersByTime(1_000);
    expect(cache.get('digest-a')).toBeUndefined();
    listener.onModuleDestroy();
  });

  it('leaves the cache to its TTL without a broker', () => {
    const listener = new ApiKeyRevocationListener(cache);
    listener.onApplicationBootstrap();
    expect(listener.isListening).toBe(false);
  });
});
