import { ApiKeyCache, type ApiKeyLookup } from './api-key.cache';
import type { AuthenticatedEnvironment } from './api-key.repository';

function environment(apiKeyId: string, organizationId = 'org-1'): AuthenticatedEnvironment {
  return {
    environmentId: 'env-1',
    organizationId,
    environmentName: 'Production',
    environmentIdentifier: 'production',
    apiKeyId,
    idempotencyEnabled: true,
  };
}

/** For reading the cache without loading. */
const notLoaded = () => Promise.reject(new Error('the cache should not load here'));
const loaded = (lookup: ApiKeyLookup) => async () => lookup;

describe('ApiKeyCache', () => {
  let cache: ApiKeyCache;
  beforeEach(() => {
    cache = new ApiKeyCache({ API_KEY_CACHE_TTL_MS: 60_000 });
  });

  it('evicts keys by id, leaving the others', async () => {
    await cache.get('digest-a', loaded(environment('key-a')));
    await cache.get('digest-b', loaded(environment('key-b')));
    expect(cache.evictKeys(['key-a', 'unknown'])).toBe(1);
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-b', notLoaded)).toEqual(environment('key-b'));
  });

  it('does not cache, or share, a lookup that started before an eviction (it may have read the key before its revocation)', async () => {
    let finishRead!: (lookup: ApiKeyLookup) => void;
    const before = cache.get('digest-a', () => new Promise((resolve) => (finishRead = resolve)));
    cache.evictKeys(['key-a']);
    const after = cache.get('digest-a', loaded(null));
    finishRead(environment('key-a'));
    await expect(before).resolves.toEqual(environment('key-a'));
    await expect(after).resolves.toBeNull();
    expect(cache.peek('digest-a', notLoaded)).toBeNull();
  });

  it('caches unknown keys as null until an eviction', async () => {
    await cache.get('digest-x', loaded(null));
    expect(cache.peek('digest-x', notLoaded)).toBeNull();
    cache.clear();
    expect(cache.peek('digest-x', notLoaded)).toBeUndefined();
  });

  it("evicts an organization's keys when its settings change", async () => {
    await cache.get('digest-a', loaded(environment('key-a', 'org-1')));
    await cache.get('digest-b', loaded(environment('key-b', 'org-2')));
    expect(cache.evictOrganization('org-1')).toBe(1);
    expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
    expect(cache.peek('digest-b', notLoaded)).toBeDefined();
  });

  it('expires entries after the TTL', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    try {
      await cache.get('digest-a', loaded(environment('key-a')));
      now.mockReturnValue(1_000 + 60_001);
      expect(cache.peek('digest-a', notLoaded)).toBeUndefined();
      expect(cache.evictKeys(['key-a'])).toBe(0);
    } finally {
      now.mockRestore();
    }
  });
});
