import { JsonRecord, WorkflowSnapshot } from '@herald/contracts';

import { RefreshAheadCache } from '../../core/cache/refresh-ahead.cache';

/** What the trigger route needs of a workflow. Shared and cached: callers must not mutate it. */
export interface WorkflowForTrigger {
  /** The current version by value (validates against `workflowSnapshotSchema`). */
  snapshot: WorkflowSnapshot;
  /** JSON Schema the trigger payload must satisfy when `validatePayload` is true. */
  payloadSchema?: JsonRecord;
  validatePayload: boolean;
}

const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Short-lived per-process cache of trigger lookups (misses included), loaded once for all
 * concurrent callers and reloaded ahead of expiry (`RefreshAheadCache`). Writes through this
 * process invalidate their entry at once; another replica's edit shows here within the TTL.
 */
export class WorkflowTriggerCache {
  private readonly cache = new RefreshAheadCache<string, WorkflowForTrigger | null>({
    ttlMs: TTL_MS,
    maxEntries: MAX_ENTRIES,
  });

  private static key(environmentId: string, identifier: string): string {
    return `${environmentId}\u0000${identifier}`;
  }

  /** The cached lookup (null: no such workflow), or `load`'s. */
  get(
    environmentId: string,
    identifier: string,
    load: () => Promise<WorkflowForTrigger | null>,
  ): Promise<WorkflowForTrigger | null> {
    return this.cache.get(WorkflowTriggerCache.key(environmentId, identifier), load);
  }

  invalidate(environmentId: string, identifier: string): void {
    this.cache.invalidate(WorkflowTriggerCache.key(environmentId, identifier));
  }
}
