import { decideAfterFailure, normalizeRetryPolicy, retryTierDelays } from './retry-policy';

describe('retry policy', () => {
  it('retries through each delay in turn and dead-letters when they are used up', () => {
    const policy = normalizeRetryPolicy({ delaysMs: [100, 1000, 5000] });
    expect(decideAfterFailure(policy, 1)).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideAfterFailure(policy, 2)).toEqual({ action: 'retry', delayMs: 1000 });
    expect(decideAfterFailure(policy, 3)).toEqual({ action: 'retry', delayMs: 5000 });
    expect(decideAfterFailure(policy, 4)).toEqual({ action: 'dead-letter' });
  });

  it('repeats the last delay when more retries than delays are allowed', () => {
    const policy = normalizeRetryPolicy({ delaysMs: [50, 200], maxRetries: 4 });
    expect([1, 2, 3, 4].map((n) => decideAfterFailure(policy, n))).toEqual([
      { action: 'retry', delayMs: 50 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 200 },
    ]);
    expect(decideAfterFailure(policy, 5)).toEqual({ action: 'dead-letter' });
    expect(retryTierDelays(policy)).toEqual([50, 200]);
  });

  it('declares only the tiers that will be used, once each', () => {
    expect(retryTierDelays(normalizeRetryPolicy({ delaysMs: [500, 100, 500, 9000], maxRetries: 3 }))).toEqual([
      100, 500,
    ]);
    expect(retryTierDelays(normalizeRetryPolicy({ delaysMs: [100], maxRetries: 0 }))).toEqual([]);
  });

  it('dead-letters at once when retries are off', () => {
    expect(decideAfterFailure(normalizeRetryPolicy({ maxRetries: 0 }), 1)).toEqual({ action: 'dead-letter' });
  });

  it('uses 1 s, 10 s, 60 s by default', () => {
    expect(normalizeRetryPolicy()).toEqual({ delaysMs: [1000, 10000, 60000], maxRetries: 3 });
  });

  it('rejects delays that cannot be a TTL', () => {
    expect(() => normalizeRetryPolicy({ delaysMs: [0] })).toThrow(/positive integer/);
    expect(() => normalizeRetryPolicy({ delaysMs: [1.5] })).toThrow(/positive integer/);
    expect(() => normalizeRetryPolicy({ delaysMs: [], maxRetries: 2 })).toThrow(/at least one/);
    expect(() => normalizeRetryPolicy({ maxRetries: -1 })).toThrow(/non-negative/);
  });
});
