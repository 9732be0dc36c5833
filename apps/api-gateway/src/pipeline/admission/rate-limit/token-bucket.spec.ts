import { BucketPolicy, BucketState, decide, takeTokens } from './token-bucket';

const policy: BucketPolicy = { capacity: 10, refillPerSecond: 2 };

describe('takeTokens', () => {
  it('starts full and takes the cost', () => {
    expect(takeTokens(undefined, policy, 1, 1_000)).toEqual({ state: { tokens: 9, at: 1_000 }, allowed: true });
  });

  it('refuses when the bucket holds less than the cost, without taking anything', () => {
    const state: BucketState = { tokens: 0.5, at: 1_000 };
    expect(takeTokens(state, policy, 1, 1_000)).toEqual({ state: { tokens: 0.5, at: 1_000 }, allowed: false });
  });

  it('refills by elapsed time, capped at the capacity', () => {
    expect(takeTokens({ tokens: 0, at: 0 }, policy, 1, 1_500).state.tokens).toBeCloseTo(2); // 3 refilled, 1 taken
    expect(takeTokens({ tokens: 9, at: 0 }, policy, 0, 60_000).state.tokens).toBe(10);
  });

  it('ignores a clock that went backwards', () => {
    expect(takeTokens({ tokens: 5, at: 2_000 }, policy, 1, 1_000).state).toEqual({ tokens: 4, at: 2_000 });
  });

  it('lets a burst of `capacity` through, then one per refill interval', () => {
    let state: BucketState | undefined;
    let allowed = 0;
    for (let i = 0; i < 15; i += 1) {
      const result = takeTokens(state, policy, 1, 0);
      state = result.state;
      if (result.allowed) allowed += 1;
    }
    expect(allowed).toBe(10);
    expect(takeTokens(state, policy, 1, 499).allowed).toBe(false);
    expect(takeTokens(state, policy, 1, 500).allowed).toBe(true);
  });

  it('admits a cost above the capacity on a full bucket and takes all of it (debt)', () => {
    expect(takeTokens(undefined, policy, 100, 0)).toEqual({ state: { tokens: -90, at: 0 }, allowed: true });
  });

  it('refuses a cost above the capacity unless the bucket is full', () => {
    expect(takeTokens({ tokens: 9.5, at: 0 }, policy, 100, 0)).toEqual({
      state: { tokens: 9.5, at: 0 },
      allowed: false,
    });
  });

  it('refuses everything while in debt, until the debt and the next cost are refilled', () => {
    const { state } = takeTokens(undefined, policy, 30, 0); // 10 − 30 = −20: 10.5 s until one token is back
    expect(state.tokens).toBe(-20);
    expect(takeTokens(state, policy, 1, 10_000)).toMatchObject({ allowed: false, state: { tokens: 0 } });
    expect(takeTokens(state, policy, 1, 10_500)).toEqual({ state: { tokens: 0, at: 10_500 }, allowed: true });
  });

  it('holds the sustained rate to the refill rate whatever the cost of one request', () => {
    // Requests of 50 tokens (five times the bucket), tried every 100 ms for a minute.
    let state: BucketState | undefined;
    let tokensAdmitted = 0;
    for (let now = 0; now <= 60_000; now += 100) {
      const result = takeTokens(state, policy, 50, now);
      state = result.state;
      if (result.allowed) tokensAdmitted += 50;
    }
    // 2/s for 60 s plus the first full bucket, and no more than one request's worth over it.
    expect(tokensAdmitted).toBeLessThanOrEqual(2 * 60 + 10 + 50);
    expect(tokensAdmitted).toBeGreaterThanOrEqual(2 * 60 - 50);
  });
});

describe('decide', () => {
  it('reports whole remaining tokens and seconds until full', () => {
    expect(decide(policy, 1, true, 6.5)).toEqual({
      allowed: true,
      remaining: 6,
      resetSeconds: 2,
      retryAfterSeconds: 0,
    });
    expect(decide(policy, 1, true, 10)).toMatchObject({ remaining: 10, resetSeconds: 0 });
  });

  it('tells a refused request when its cost will be there', () => {
    expect(decide(policy, 1, false, 0.5)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(decide(policy, 100, false, 3)).toMatchObject({ retryAfterSeconds: 4 }); // (10 − 3) / 2, rounded up
  });

  it('counts the debt in Retry-After and RateLimit-Reset', () => {
    expect(decide(policy, 1, false, -90)).toEqual({
      allowed: false,
      remaining: 0,
      resetSeconds: 50, // (10 + 90) / 2
      retryAfterSeconds: 46, // (1 + 90) / 2, rounded up
    });
    expect(decide(policy, 100, true, -90)).toMatchObject({ remaining: 0, resetSeconds: 50, retryAfterSeconds: 0 });
  });
});
