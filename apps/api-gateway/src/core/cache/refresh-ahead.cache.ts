import { isDeepStrictEqual } from 'node:util';

/** Cache settings. */
export interface RefreshAheadCacheOptions {
  /** How long a loaded value is served. */
  ttlMs: number;
  /** Share of the TTL after which a hit also starts a background reload (default 0.8). */
  refreshAfter?: number;
  /** Entries kept; the oldest goes first (default 10 000). */
  maxEntries?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  refreshAt: number;
  expiresAt: number;
}

interface Load<V> {
  epoch: number;
  promise: Promise<V>;
}

/**
 * A per-process TTL cache for the lookups every request makes (API keys, workflows). Under load
 * an expiring entry used to send every request in flight to Postgres at once — tens of queries
 * queueing for a pool of five, and a latency spike every TTL. Here:
 * - concurrent misses for one key share one load (single flight);
 * - a hit in the last part of the TTL starts a reload in the background and is served from the
 *   cache, so a key in use never expires under its callers (a failed reload leaves the entry to
 *   expire as before, and the next miss reports the error);
 * - a reload that finds an equal value keeps the cached object, so per-object memos downstream
 *   (a validated workflow snapshot) stay valid.
 * Every invalidation starts a new epoch: a load that began before it neither stores its result
 * nor is joined by callers arriving after it, so nothing read before a write or a revocation is
 * served after it.
 */
export class RefreshAheadCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly loads = new Map<K, Load<V>>();
  private readonly now: () => number;
  private epoch = 0;

  constructor(private readonly options: RefreshAheadCacheOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** The cached value (undefined on a miss), reloading it with `load` in the background when it is due. */
  peek(key: K, load: () => Promise<V>): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAt <= now) return undefined;
    if (entry.refreshAt <= now && !this.loads.has(key)) this.load(key, load).catch(() => undefined);
    return entry.value;
  }

  /** The cached value, or `load`'s result shared with every concurrent caller of this epoch. Errors are not cached. */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const cached = this.peek(key, load);
    return cached === undefined ? this.load(key, load) : Promise.resolve(cached);
  }

  /** Drops the key (answers whether it was still being served); a load in flight will not store its result. */
  invalidate(key: K): boolean {
    this.epoch += 1;
    this.loads.delete(key);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry !== undefined && entry.expiresAt > this.now();
  }

  /** Drops every entry whose value matches; answers how many of them were still being served. */
  invalidateWhere(matches: (value: V) => boolean): number {
    this.epoch += 1;
    this.loads.clear();
    const now = this.now();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (!matches(entry.value)) continue;
      this.entries.delete(key);
      if (entry.expiresAt > now) dropped += 1;
    }
    return dropped;
  }

  /** Drops everything. */
  clear(): void {
    this.epoch += 1;
    this.loads.clear();
    this.entries.clear();
  }

  private load(key: K, load: () => Promise<V>): Promise<V> {
    const inFlight = this.loads.get(key);
    if (inFlight && inFlight.epoch === this.epoch) return inFlight.promise;
    const epoch = this.epoch;
    const done = () => {
      if (this.loads.get(key)?.promise === promise) this.loads.delete(key);
    };
    const promise: Promise<V> = load().then(
      (value) => {
        done();
        return epoch === this.epoch ? this.store(key, value) : value;
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
    this.loads.set(key, { epoch, promise });
    return promise;
  }

  private store(key: K, value: V): V {
    const previous = this.entries.get(key);
    const kept = previous && isDeepStrictEqual(previous.value, value) ? previous.value : value;
    const now = this.now();
    this.entries.delete(key);
    this.entries.set(key, {
      value: kept,
      refreshAt: now + this.options.ttlMs * (this.options.refreshAfter ?? 0.8),
      expiresAt: now + this.options.ttlMs,
    });
    if (this.entries.size > (this.options.maxEntries ?? 10_000))
      this.entries.delete(this.entries.keys().next().value as K);
    return kept;
  }
}
