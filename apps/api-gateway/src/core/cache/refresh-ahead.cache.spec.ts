import { RefreshAheadCache } from './refresh-ahead.cache';

/** A load the test finishes by hand. */
function deferredLoad<V>() {
  const calls: { resolve: (value: V) => void; reject: (error: Error) => void }[] = [];
  const load = () => new Promise<V>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

const notLoaded = () => Promise.reject(new Error('the cache should not load here'));

describe('RefreshAheadCache', () => {
  let clock: number;
  let cache: RefreshAheadCache<string, { version: number }>;
  beforeEach(() => {
    clock = 0;
    cache = new RefreshAheadCache({ ttlMs: 1_000, now: () => clock });
  });

  it('loads once for every concurrent miss of a key', async () => {
    const { load, calls } = deferredLoad<{ version: number }>();
    const waiting = [cache.get('a', load), cache.get('a', load), cache.get('a', load)];
    expect(calls).toHaveLength(1);
    calls[0].resolve({ version: 1 });
    const values = await Promise.all(waiting);
    expect(new Set(values).size).toBe(1);
    expect(cache.peek('a', notLoaded)).toBe(values[0]);
  });

  it('serves a hit in the last fifth of the TTL from the cache and reloads it once in the background', async () => {
    await cache.get('a', async () => ({ version: 1 }));
    clock = 799;
    expect(cache.peek('a', notLoaded)).toEqual({ version: 1 });
    clock = 800;
    const { load, calls } = deferredLoad<{ version: number }>();
    expect(cache.peek('a', load)).toEqual({ version: 1 });
    expect(cache.peek('a', load)).toEqual({ version: 1 });
    expect(calls).toHaveLength(1);
    calls[0].resolve({ version: 2 });
    await Promise.resolve();
    clock = 1_500;
    expect(cache.peek('a', notLoaded)).toEqual({ version: 2 });
  });

  it('keeps the cached object when a reload finds an equal value', async () => {
    const first = await cache.get('a', async () => ({ version: 1 }));
    clock = 900;
    cache.peek('a', async () => ({ version: 1 }));
    await new Promise((resolve) => setImmediate(resolve));
    clock = 1_500;
    expect(cache.peek('a', notLoaded)).toBe(first);
  });

  it('leaves an entry whose reload failed to expire, then reports the next load error without caching it', async () => {
    await cache.get('a', async () => ({ version: 1 }));
    clock = 900;
    expect(cache.peek('a', () => Promise.reject(new Error('database down')))).toEqual({ version: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    clock = 999;
    const { load, calls } = deferredLoad<{ version: number }>();
    expect(cache.peek('a', load)).toEqual({ version: 1 });
    calls[0].reject(new Error('database still down'));
    await new Promise((resolve) => setImmediate(resolve));
    clock = 1_000;
    expect(cache.peek('a', notLoaded)).toBeUndefined();
    await expect(cache.get('a', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(cache.peek('a', notLoaded)).toBeUndefined();
  });

  it('neither stores nor shares a load that began before an invalidation', async () => {
    const { load, calls } = deferredLoad<{ version: number }>();
    const before = cache.get('a', load);
    expect(cache.invalidate('a')).toBe(false);
    const after = cache.get('a', load);
    expect(calls).toHaveLength(2);
    calls[1].resolve({ version: 2 });
    calls[0].resolve({ version: 1 });
    await expect(before).resolves.toEqual({ version: 1 });
    await expect(after).resolves.toEqual({ version: 2 });
    expect(cache.peek('a', notLoaded)).toEqual({ version: 2 });
  });

  it('drops by value and counts only entries still served', async () => {
    await cache.get('a', async () => ({ version: 1 }));
    clock = 500;
    await cache.get('b', async () => ({ version: 1 }));
    await cache.get('c', async () => ({ version: 2 }));
    clock = 1_200;
    expect(cache.invalidateWhere((value) => value.version === 1)).toBe(1);
    expect(cache.peek('b', notLoaded)).toBeUndefined();
    expect(cache.peek('c', notLoaded)).toEqual({ version: 2 });
  });

  it('does not cache a failed load', async () => {
    await expect(cache.get('a', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await expect(cache.get('a', async () => ({ version: 3 }))).resolves.toEqual({ version: 3 });
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const small = new RefreshAheadCache<string, number>({ ttlMs: 1_000, maxEntries: 2, now: () => clock });
    for (const key of ['a', 'b', 'c']) await small.get(key, async () => 1);
    expect(small.peek('a', notLoaded)).toBeUndefined();
    expect(small.peek('c', notLoaded)).toBe(1);
  });
});
