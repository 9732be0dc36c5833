/** Cache settings. */
export interface ExpiringCacheOptions {
  /** How long a loaded value is served (0 = never cached). */
  ttlMs: number;
  /** Entries kept; the least recently loaded goes first (default 10 000). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A TTL cache with single-flight loading: concurrent misses for one key share one load. An
 * `invalidate` during a load keeps that load's (possibly stale) result out of the cache, while
 * the callers already waiting still get it.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly loading = new Map<K, Promise<V>>();
  private readonly generations = new Map<K, number>();
  private readonly now: () => number;

  constructor(private readonly options: ExpiringCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cached value, or the result of `load` (shared with concurrent callers). Load errors are not cached. */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.now()) return Promise.resolve(entry.value);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generations.get(key) ?? 0;
    const promise = load().then(
      (value) => {
        this.loading.delete(key);
        if ((this.generations.get(key) ?? 0) === generation && this.options.ttlMs > 0) this.store(key, value);
        return value;
      },
      (error: unknown) => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  /** Drops the key's value; a load in flight will not store its result. */
  invalidate(key: K): void {
    this.entries.delete(key);
    this.loading.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    if (this.generations.size > (this.options.maxEntries ?? 10_000)) this.generations.clear();
  }

  /** Drops everything. */
  clear(): void {
    for (const key of [...this.entries.keys(), ...this.loading.keys()]) this.invalidate(key);
  }

  private store(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    if (this.entries.size > (this.options.maxEntries ?? 10_000))
      this.entries.delete(this.entries.keys().next().value as K);
  }
}
