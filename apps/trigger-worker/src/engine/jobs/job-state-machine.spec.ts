import { JOB_STATUSES, JobStatus, TERMINAL_JOB_STATUSES } from '@herald/contracts';
import fc from 'fast-check';

import { assertTransition, canTransition, IllegalJobTransitionError, type TransitionCause } from './job-state-machine';

const S = JobStatus;

describe('job state machine', () => {
  it.each([
    [S.PENDING, S.QUEUED],
    [S.PENDING, S.DELAYED],
    [S.PENDING, S.MERGED],
    [S.PENDING, S.SKIPPED],
    [S.PENDING, S.CANCELED],
    [S.QUEUED, S.RUNNING],
    [S.RUNNING, S.COMPLETED],
    [S.RUNNING, S.FAILED],
    [S.DELAYED, S.COMPLETED],
    [S.DELAYED, S.CANCELED],
    [S.MERGED, S.CANCELED],
  ])('lets the worker move %s → %s', (from, to) => {
    expect(canTransition(from, to, 'worker')).toBe(true);
  });

  it('never leaves a terminal status, whoever asks', () => {
    for (const from of TERMINAL_JOB_STATUSES) {
      for (const to of JOB_STATUSES)
        for (const cause of ['worker', 'runner', 'retry', 'takeover'] as const)
          expect(canTransition(from, to, cause)).toBe(false);
    }
  });

  it('never moves backwards on a runner report (a late RUNNING after COMPLETED, a QUEUED, a PENDING)', () => {
    expect(canTransition(S.COMPLETED, S.RUNNING, 'runner')).toBe(false);
    expect(canTransition(S.RUNNING, S.QUEUED, 'runner')).toBe(false);
    expect(canTransition(S.QUEUED, S.PENDING, 'runner')).toBe(false);
    expect(canTransition(S.PENDING, S.DELAYED, 'runner')).toBe(false);
  });

  it('allows exactly the two deliberate backward moves, each only with its cause', () => {
    expect(canTransition(S.RUNNING, S.QUEUED, 'retry')).toBe(true);
    expect(canTransition(S.QUEUED, S.QUEUED, 'retry')).toBe(true);
    expect(canTransition(S.MERGED, S.DELAYED, 'takeover')).toBe(true);
    expect(canTransition(S.MERGED, S.PENDING, 'takeover')).toBe(true);
    expect(canTransition(S.RUNNING, S.QUEUED, 'worker')).toBe(false);
    expect(canTransition(S.MERGED, S.DELAYED, 'worker')).toBe(false);
    expect(canTransition(S.FAILED, S.QUEUED, 'retry')).toBe(false);
    expect(canTransition(S.COMPLETED, S.DELAYED, 'takeover')).toBe(false);
  });

  it('has no forward cycle: following forward moves, a job always ends', () => {
    const order: readonly JobStatus[] = [S.PENDING, S.QUEUED, S.RUNNING, S.DELAYED, S.MERGED];
    const rank = (status: JobStatus) => order.indexOf(status);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...JOB_STATUSES), { maxLength: 30 }), (targets) => {
        let status: JobStatus = S.PENDING;
        const seen = new Set<JobStatus>([status]);
        for (const to of targets) {
          if (!canTransition(status, to, 'worker')) continue;
          expect(seen.has(to) && to !== status).toBe(false);
          expect(rank(to) === -1 || rank(to) > rank(status) || (status === S.DELAYED && to === S.COMPLETED)).toBe(true);
          status = to;
          seen.add(to);
        }
      }),
    );
  });

  it('throws a named error for an illegal move', () => {
    expect(() => assertTransition(S.COMPLETED, S.QUEUED, 'worker' as TransitionCause)).toThrow(
      IllegalJobTransitionError,
    );
    expect(() => assertTransition(S.QUEUED, S.RUNNING, 'runner')).not.toThrow();
  });
});
