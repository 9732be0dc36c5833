import { ExpiringCache } from './expiring-cache';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('ExpiringCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('serves a loaded value until it expires', async () => {
    const cache = new ExpiringCache<string, number>({ ttlMs: 100, now: clock });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now += 99;
    expect(await cache.get('a', load)).toBe(1);
    now += 1;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 100, now: clock });
    const gate = deferred<string>();
    let loads = 0;
    const load = () => (loads++, gate.promise);
    const both = Promise.all([cache.get('k', load), cache.get('k', load)]);
    gate.resolve('v');
    expect(await both).toEqual(['v', 'v']);
    expect(loads).toBe(1);
  });

  it('does not cache a failed load', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 100, now: clock });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('keeps a load that an invalidation overtook out of the cache', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 100, now: clock });
    const gate = deferred<string>();
    const stale = cache.get('k', () => gate.promise);
    cache.invalidate('k');
    gate.resolve('stale');
    expect(await stale).toBe('stale');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('drops a value on invalidate and evicts the oldest entry past maxEntries', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 100, maxEntries: 2, now: clock });
    await cache.get('a', async () => 'a1');
    cache.invalidate('a');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    await cache.get('b', async () => 'b');
    await cache.get('c', async () => 'c');
    expect(await cache.get('a', async () => 'a3')).toBe('a3');
  });

  it('caches nothing with a TTL of 0', async () => {
    const cache = new ExpiringCache<string, number>({ ttlMs: 0, now: clock });
    let loads = 0;
    await cache.get('a', async () => ++loads);
    await cache.get('a', async () => ++loads);
    expect(loads).toBe(2);
  });
});
