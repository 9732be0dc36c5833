import { FailedAttempts } from './failed-attempts';

describe('FailedAttempts', () => {
  it('locks an address out after the limit until its window ends, leaving other addresses alone', () => {
    const attempts = new FailedAttempts(3, 60_000);
    for (let i = 0; i < 3; i += 1) {
      expect(attempts.retryAfterSeconds('10.0.0.1', 1_000)).toBe(0);
      attempts.recordFailure('10.0.0.1', 1_000);
    }
    expect(attempts.retryAfterSeconds('10.0.0.1', 1_500)).toBe(60);
    expect(attempts.retryAfterSeconds('10.0.0.2', 1_500)).toBe(0);
    expect(attempts.retryAfterSeconds('10.0.0.1', 61_000)).toBe(0);
    attempts.recordFailure('10.0.0.1', 61_000);
    expect(attempts.retryAfterSeconds('10.0.0.1', 61_000)).toBe(0);
  });

  it('clears an address on success', () => {
    const attempts = new FailedAttempts(2, 60_000);
    attempts.recordFailure('a', 0);
    attempts.recordSuccess('a');
    attempts.recordFailure('a', 0);
    expect(attempts.retryAfterSeconds('a', 0)).toBe(0);
  });
});
