/** Exponential back-off settings for reconnects and channel re-opens. */
export interface BackoffOptions {
  /** First delay (default 100 ms). */
  initialDelayMs?: number;
  /** Upper bound (default 5 s). */
  maxDelayMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
}

const JITTER = 0.2;

/**
 * Delay before attempt `attempt` (1-based): exponential growth capped at the maximum, with ±20 %
 * jitter so replicas that lost the broker together do not reconnect in lock-step.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, initial * factor ** Math.max(0, attempt - 1));
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(max, jittered));
}
