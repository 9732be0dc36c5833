import type { JobDispatchData } from '@herald/contracts';

import type { JobOutcome } from './job-outcome';

/** How many unrecorded outcomes one process keeps at most (the oldest go first). */
const DEFAULT_CAPACITY = 10_000;
/** How long one is kept: longer than the message's whole retry schedule. */
const DEFAULT_TTL_MS = 60 * 60 * 1000;

interface Entry {
  outcome: JobOutcome;
  expiresAt: number;
}

/**
 * Outcomes of sends this process made but could not record (the database stayed unreachable
 * longer than the record retry). When the same attempt comes back — the message is retried, and
 * the delivery log still says `sending` — the runner records the outcome it knows instead of
 * waiting out the lease and sending the same key again. Process memory only: another replica
 * that takes the retried message cannot know the outcome, and resends after the lease (0012).
 */
export class UnrecordedOutcomes {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  remember(job: JobDispatchData, outcome: JobOutcome): void {
    const key = attemptKey(job);
    this.entries.delete(key);
    this.entries.set(key, { outcome, expiresAt: this.now() + this.ttlMs });
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /** The outcome this process knows for exactly this attempt of this job, if any. */
  find(job: JobDispatchData): JobOutcome | undefined {
    const key = attemptKey(job);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.outcome;
  }

  forget(job: JobDispatchData): void {
    this.entries.delete(attemptKey(job));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One attempt of one job: what an outcome of a send belongs to. */
export function attemptKey(job: JobDispatchData): string {
  return `${job.environmentId}\u0000${job.deliveryKey}\u0000${job.jobId}\u0000${job.attempt}`;
}
