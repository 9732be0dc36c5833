import { ApiKeyCache } from './api-key.cache';
import type { AuthenticatedEnvironment } from './api-key.repository';

function environment(apiKeyId: string, organizationId = 'org-1'): AuthenticatedEnvironment {
  return { environmentId: 'env-1', organizationId, environmentName: 'Production', environmentIdentifier: 'production', apiKeyId, idempotencyEnabled: true };
}

describe('ApiKeyCache', () => {
  let cache: ApiKeyCache;
  beforeEach(() => {
    cache = new ApiKeyCache({ API_KEY_CACHE_TTL_MS: 60_000 });
  });

  it('evicts keys by id, leaving the others', () => {
    cache.set('digest-a', environment('key-a'));
    cache.set('digest-b', environment('key-b'));
    expect(cache.evictKeys(['key-a', 'unknown'])).toBe(1);
    expect(cache.get('digest-a')).toBeUndefined();
    expect(cache.get('digest-b')).toEqual(environment('key-b'));
  });

  it('does not cache a lookup that started before an eviction (it may have read the key before its revocation)', () => {
    const ticket = cache.ticket();
    cache.evictKeys(['key-a']);
    cache.set('digest-a', environment('key-a'), ticket);
    expect(cache.get('digest-a')).toBeUndefined();
    cache.set('digest-a', environment('key-a'), cache.ticket());
    expect(cache.get('digest-a')).toEqual(environment('key-a'));
  });

  it('caches unknown keys as null until an eviction', () => {
    cache.set('digest-x', null);
    expect(cache.get('digest-x')).toBeNull();
    cache.clear();
    expect(cache.get('digest-x')).toBeUndefined();
  });

  it("evicts an organization's keys when its settings change", () => {
    cache.set('digest-a', environment('key-a', 'org-1'));
    cache.set('digest-b', environment('key-b', 'org-2'));
    cache.evictOrganization('org-1');
    expect(cache.get('digest-a')).toBeUndefined();
    expect(cache.get('digest-b')).toBeDefined();
  });

  it('expires entries after the TTL', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    try {
      cache.set('digest-a', environment('key-a'));
      now.mockReturnValue(1_000 + 60_001);
      expect(cache.get('digest-a')).toBeUndefined();
      expect(cache.evictKeys(['key-a'])).toBe(0);
    } finally {
      now.mockRestore();
    }
  });
});
