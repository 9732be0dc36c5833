import { JsonRecord, WorkflowSnapshot } from '@herald/contracts';

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
 * Short-lived per-process cache of trigger lookups (misses included). Writes through this process
 * invalidate their entry at once; another replica's edit shows here within the TTL.
 */
export class WorkflowTriggerCache {
  private readonly entries = new Map<string, { value: WorkflowForTrigger | null; expiresAt: number }>();
  /** Bumped by every invalidation, so a lookup that raced a write can tell and not cache its result. */
  generation = 0;

  constructor(private readonly ttlMs = TTL_MS) {}

  private static key(environmentId: string, identifier: string): string {
    return `${environmentId}\u0000${identifier}`;
  }

  get(environmentId: string, identifier: string): WorkflowForTrigger | null | undefined {
    const key = WorkflowTriggerCache.key(environmentId, identifier);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(environmentId: string, identifier: string, value: WorkflowForTrigger | null): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(WorkflowTriggerCache.key(environmentId, identifier), { value, expiresAt: Date.now() + this.ttlMs });
  }

  invalidate(environmentId: string, identifier: string): void {
    this.generation += 1;
    this.entries.delete(WorkflowTriggerCache.key(environmentId, identifier));
  }
}
