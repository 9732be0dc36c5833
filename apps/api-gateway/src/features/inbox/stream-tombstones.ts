/** Most deletions remembered per replica; past it the oldest is forgotten (its tokens then open streams again). */
const MAX_TOMBSTONES = 100_000;

/**
 * Which subscribers and environments were deleted, and when, for as long as a session token issued
 * before the deletion can still be presented (`keepMs`, the token lifetime): a client whose stream
 * was ended must not open it again with the same token. Each replica learns deletions from the same
 * events that end its streams.
 */
export class StreamTombstones {
  private readonly subscribers = new Map<string, number>();
  private readonly environments = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly maxEntries = MAX_TOMBSTONES,
  ) {}

  recordSubscriber(environmentId: string, subscriberId: string, deletedAt: number, now = Date.now()): void {
    this.record(this.subscribers, subscriberKey(environmentId, subscriberId), deletedAt, now);
  }

  recordEnvironment(environmentId: string, deletedAt: number, now = Date.now()): void {
    this.record(this.environments, environmentId, deletedAt, now);
  }

  /** When the subscriber or its environment was last deleted, if that is remembered and still matters. */
  deletedAt(environmentId: string, subscriberId: string, now = Date.now()): number | undefined {
    const times = [
      this.subscribers.get(subscriberKey(environmentId, subscriberId)),
      this.environments.get(environmentId),
    ].filter((at): at is number => at !== undefined && at + this.keepMs > now);
    return times.length > 0 ? Math.max(...times) : undefined;
  }

  get size(): number {
    return this.subscribers.size + this.environments.size;
  }

  private record(map: Map<string, number>, key: string, deletedAt: number, now: number): void {
    // Re-inserted at the end: entries stay in the order they were recorded, so the expired ones lead.
    map.delete(key);
    map.set(key, Math.max(deletedAt, map.get(key) ?? 0));
    for (const [oldest, at] of map) {
      if (at + this.keepMs > now && map.size <= this.maxEntries) break;
      map.delete(oldest);
    }
  }
}

function subscriberKey(environmentId: string, subscriberId: string): string {
  return `${environmentId}\u0000${subscriberId}`;
}
