import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const middle = () => 0.5;

  it('grows exponentially from the initial delay and stops at the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      backoffDelay(attempt, { initialDelayMs: 100, maxDelayMs: 2000 }, middle),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });

  it('spreads delays by ±20 % but never past the maximum', () => {
    expect(backoffDelay(1, { initialDelayMs: 100 }, () => 0)).toBe(80);
    expect(backoffDelay(1, { initialDelayMs: 100 }, () => 1)).toBe(120);
    expect(backoffDelay(20, { maxDelayMs: 1000 }, () => 1)).toBe(1000);
  });
});
