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
 * Token-bucket arithmetic with debt, the same the Lua function in `token-bucket.lua.ts` runs
 * inside Redis: refill by elapsed time (capped at capacity); admit when the bucket holds the
 * cost — or the whole capacity, for a cost above it — and then take the **full** cost. A cost
 * above the capacity (a broadcast to a large audience) so leaves the bucket negative: it is
 * admitted on a full bucket and the environment's next requests wait until the debt is refilled,
 * which holds its sustained rate to `refillPerSecond` whatever the cost of one request.
 */
export function takeTokens(
  state: BucketState | undefined,
  policy: BucketPolicy,
  cost: number,
  now: number,
): { state: BucketState; allowed: boolean } {
  const previous = state ?? { tokens: policy.capacity, at: now };
  const elapsed = Math.max(0, now - previous.at);
  let tokens = Math.min(policy.capacity, previous.tokens + (elapsed * policy.refillPerSecond) / 1000);
  const allowed = tokens >= admissionThreshold(policy, cost);
  if (allowed) tokens -= cost;
  return { state: { tokens, at: Math.max(now, previous.at) }, allowed };
}

/** The tokens a bucket must hold to admit a request of `cost`: the cost, at most the whole capacity. */
export function admissionThreshold(policy: BucketPolicy, cost: number): number {
  return Math.min(cost, policy.capacity);
}

/** Headers' numbers from the tokens left after a take (negative while the bucket is in debt). */
export function decide(policy: BucketPolicy, cost: number, allowed: boolean, tokens: number): BucketDecision {
  const needed = admissionThreshold(policy, cost);
  return {
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.ceil(Math.max(0, policy.capacity - tokens) / policy.refillPerSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((needed - tokens) / policy.refillPerSecond)),
  };
}
