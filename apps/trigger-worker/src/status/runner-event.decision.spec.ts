import { JOB_STATUSES, JobStatus } from '@herald/contracts';
import fc from 'fast-check';

import { canTransition } from '../engine/jobs/job-state-machine';
import { retryDelayMs } from '../engine/retry/retry-backoff';
import { decideRunnerEvent, type JobForEvent } from './runner-event.decision';

const S = JobStatus;
const backoff = { baseDelayMs: 1000, maxDelayMs: 60_000 };
const retryable = { code: 'provider_unavailable', message: 'down', retryable: true };
const permanent = { code: 'invalid_recipient', message: 'bad address', retryable: false };
const job = (status: JobStatus, attempt = 1, maxAttempts = 3): JobForEvent => ({ status, attempt, maxAttempts });

describe('decideRunnerEvent', () => {
  it('follows QUEUED → RUNNING → COMPLETED', () => {
    expect(decideRunnerEvent(job(S.QUEUED), { status: S.RUNNING, attempt: 1 }, backoff)).toEqual({
      kind: 'transition',
      to: S.RUNNING,
    });
    expect(decideRunnerEvent(job(S.RUNNING), { status: S.COMPLETED, attempt: 1 }, backoff)).toEqual({
      kind: 'transition',
      to: S.COMPLETED,
    });
  });

  it('accepts an outcome whose RUNNING was lost', () => {
    expect(decideRunnerEvent(job(S.QUEUED), { status: S.COMPLETED, attempt: 1 }, backoff)).toEqual({
      kind: 'transition',
      to: S.COMPLETED,
    });
  });

  it('retries a retryable failure with back-off while attempts remain, then fails for good', () => {
    expect(
      decideRunnerEvent(job(S.RUNNING, 1), { status: S.FAILED, attempt: 1, error: retryable }, backoff, () => 1),
    ).toEqual({ kind: 'retry', nextAttempt: 2, delayMs: 1000 });
    expect(
      decideRunnerEvent(job(S.RUNNING, 2), { status: S.FAILED, attempt: 2, error: retryable }, backoff, () => 1),
    ).toEqual({ kind: 'retry', nextAttempt: 3, delayMs: 2000 });
    expect(decideRunnerEvent(job(S.RUNNING, 3), { status: S.FAILED, attempt: 3, error: retryable }, backoff)).toEqual({
      kind: 'transition',
      to: S.FAILED,
    });
  });

  it("waits at least the provider's Retry-After, and the usual back-off without one", () => {
    const limited = { code: 'provider_rate_limited', message: 'slow down', retryable: true, retryAfterMs: 7000 };
    const report = (error: typeof retryable) => ({ status: S.FAILED, attempt: 1, error });
    expect(decideRunnerEvent(job(S.RUNNING), report(limited), backoff, () => 1)).toEqual({
      kind: 'retry',
      nextAttempt: 2,
      delayMs: 7000,
      providerRetryAfterMs: 7000,
    });
    expect(decideRunnerEvent(job(S.RUNNING), report(retryable), backoff, () => 1)).toEqual({
      kind: 'retry',
      nextAttempt: 2,
      delayMs: 1000,
    });
    // A back-off already longer than the hint wins.
    const short = { ...limited, retryAfterMs: 500 };
    expect(decideRunnerEvent(job(S.RUNNING, 3, 5), report({ ...short }), backoff, () => 1)).toEqual({
      kind: 'ignore',
      reason: 'stale-attempt',
    });
    expect(
      decideRunnerEvent(job(S.RUNNING, 3, 5), { status: S.FAILED, attempt: 3, error: short }, backoff, () => 1),
    ).toEqual({ kind: 'retry', nextAttempt: 4, delayMs: 4000 });
  });

  it('fails at once on a permanent error', () => {
    expect(decideRunnerEvent(job(S.RUNNING, 1), { status: S.FAILED, attempt: 1, error: permanent }, backoff)).toEqual({
      kind: 'transition',
      to: S.FAILED,
    });
  });

  it('ignores duplicates, reports of another attempt, backward moves and statuses runners do not send', () => {
    expect(decideRunnerEvent(job(S.RUNNING), { status: S.RUNNING, attempt: 1 }, backoff)).toEqual({
      kind: 'ignore',
      reason: 'duplicate',
    });
    expect(decideRunnerEvent(job(S.QUEUED, 2), { status: S.FAILED, attempt: 1, error: retryable }, backoff)).toEqual({
      kind: 'ignore',
      reason: 'stale-attempt',
    });
    expect(decideRunnerEvent(job(S.COMPLETED), { status: S.RUNNING, attempt: 1 }, backoff)).toEqual({
      kind: 'ignore',
      reason: 'backwards',
    });
    expect(decideRunnerEvent(job(S.CANCELED), { status: S.COMPLETED, attempt: 1 }, backoff)).toEqual({
      kind: 'ignore',
      reason: 'backwards',
    });
    expect(decideRunnerEvent(job(S.QUEUED), { status: S.DELAYED, attempt: 1 }, backoff)).toEqual({
      kind: 'ignore',
      reason: 'not-a-runner-status',
    });
  });

  it('never moves a job backwards, whatever reports arrive in whatever order (except the retry it decides itself)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom(...JOB_STATUSES),
            attempt: fc.integer({ min: 1, max: 4 }),
            retryable: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (reports) => {
          let current = job(S.QUEUED);
          for (const report of reports) {
            const decision = decideRunnerEvent(
              current,
              {
                status: report.status,
                attempt: report.attempt,
                error: report.status === S.FAILED ? { ...retryable, retryable: report.retryable } : undefined,
              },
              backoff,
            );
            if (decision.kind === 'transition') {
              expect(canTransition(current.status, decision.to, 'runner')).toBe(true);
              current = { ...current, status: decision.to };
            } else if (decision.kind === 'retry') {
              expect(decision.nextAttempt).toBe(current.attempt + 1);
              expect(decision.nextAttempt).toBeLessThanOrEqual(current.maxAttempts);
              current = { ...current, status: S.QUEUED, attempt: decision.nextAttempt };
            }
          }
        },
      ),
    );
  });
});

describe('retryDelayMs', () => {
  it('doubles per attempt, caps, and jitters between half and the full value', () => {
    expect(retryDelayMs(1, backoff, () => 0)).toBe(500);
    expect(retryDelayMs(1, backoff, () => 1)).toBe(1000);
    expect(retryDelayMs(3, backoff, () => 1)).toBe(4000);
    expect(retryDelayMs(30, backoff, () => 1)).toBe(60_000);
  });
});
