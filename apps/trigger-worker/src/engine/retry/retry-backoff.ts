/** Exponential back-off settings for job retries. */
export interface RetryBackoff {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before the attempt after `failedAttempt` (1 = the first attempt failed): the base
 * doubled per failed attempt, capped, with "equal jitter" (between half and the full value) so
 * a burst of failures does not come back as a burst of retries.
 */
export function retryDelayMs(failedAttempt: number, backoff: RetryBackoff, random: () => number = Math.random): number {
  const exponential = backoff.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1);
  const capped = Math.min(backoff.maxDelayMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}
