/** Default fixed retry delays: three tries, a second, ten seconds and a minute apart. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

/** How a consumer retries a handler that throws. */
export interface RetryPolicyOptions {
  /** Delay before retry n is `delaysMs[n-1]` (the last one repeats). Each distinct value is a tier queue. */
  delaysMs?: readonly number[];
  /** Retries after the first attempt before the message is dead-lettered (default: `delaysMs.length`). */
  maxRetries?: number;
}

/** A validated retry policy. */
export interface RetryPolicy {
  delaysMs: readonly number[];
  maxRetries: number;
}

/** What to do with a message whose handler just failed. */
export type FailureDecision = { action: 'retry'; delayMs: number } | { action: 'dead-letter' };

/** Fills in defaults and rejects delays that cannot be a TTL. */
export function normalizeRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const delaysMs = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (const delay of delaysMs) {
    if (!Number.isInteger(delay) || delay <= 0)
      throw new Error(`retry delay must be a positive integer of ms, got ${delay}`);
  }
  const maxRetries = options.maxRetries ?? delaysMs.length;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new Error(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  if (maxRetries > 0 && delaysMs.length === 0) throw new Error('maxRetries > 0 needs at least one retry delay');
  return { delaysMs, maxRetries };
}

/** The distinct tier delays a policy needs, ascending (one `<queue>.retry.<ms>` each). */
export function retryTierDelays(policy: RetryPolicy): number[] {
  if (policy.maxRetries === 0) return [];
  const used = policy.delaysMs.slice(0, policy.maxRetries);
  return [...new Set(used)].sort((a, b) => a - b);
}

/**
 * Decides after the `failedAttempts`-th failed attempt (1 = the first delivery failed): retry
 * through the tier for that attempt, or dead-letter once the retries are used up.
 */
export function decideAfterFailure(policy: RetryPolicy, failedAttempts: number): FailureDecision {
  if (failedAttempts > policy.maxRetries) return { action: 'dead-letter' };
  const index = Math.min(failedAttempts, policy.delaysMs.length) - 1;
  return { action: 'retry', delayMs: policy.delaysMs[index] };
}
