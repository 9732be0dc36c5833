/** A bucket's size and refill rate. */
export interface BucketPolicy {
  /** Largest burst: the bucket starts full and never holds more. */
  capacity: number;
  refillPerSecond: number;
}

/** Tokens in a bucket at a moment (ms). */
export interface BucketState {
  tokens: number;
  at: number;
}

/** What one request learns from its bucket. */
export interface BucketDecision {
  allowed: boolean;
  /** Whole tokens left. */
  remaining: number;
  /** Seconds until the bucket is full again (`RateLimit-Reset`). */
  resetSeconds: number;
  /** Seconds until this request's cost would be available (`Retry-After`); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Token-bucket arithmetic, the same the Lua function in `token-bucket.lua.ts` runs inside
 * Redis: refill by elapsed time (capped at capacity), take `cost` when there is enough. A cost
 * above the capacity is charged as the whole capacity, so it is possible on a full bucket.
 */
export function takeTokens(
  state: BucketState | undefined,
  policy: BucketPolicy,
  cost: number,
  now: number,
): { state: BucketState; allowed: boolean } {
  const charge = effectiveCost(policy, cost);
  const previous = state ?? { tokens: policy.capacity, at: now };
  const elapsed = Math.max(0, now - previous.at);
  let tokens = Math.min(policy.capacity, previous.tokens + (elapsed * policy.refillPerSecond) / 1000);
  const allowed = tokens >= charge;
  if (allowed) tokens -= charge;
  return { state: { tokens, at: Math.max(now, previous.at) }, allowed };
}

/** The cost actually charged. */
export function effectiveCost(policy: BucketPolicy, cost: number): number {
  return Math.min(cost, policy.capacity);
}

/** Headers' numbers from the tokens left after a take. */
export function decide(policy: BucketPolicy, cost: number, allowed: boolean, tokens: number): BucketDecision {
  const charge = effectiveCost(policy, cost);
  return {
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.ceil(Math.max(0, policy.capacity - tokens) / policy.refillPerSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((charge - tokens) / policy.refillPerSecond)),
  };
}
