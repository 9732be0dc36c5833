import { type JobError, JobStatus } from '@herald/contracts';

import { canTransition } from '../engine/jobs/job-state-machine';
import { type RetryBackoff, retryDelayMs } from '../engine/retry/retry-backoff';

const RUNNER_STATUSES: readonly JobStatus[] = [
  JobStatus.RUNNING,
  JobStatus.COMPLETED,
  JobStatus.FAILED,
  JobStatus.CANCELED,
];

/** The job as the decision needs it. */
export interface JobForEvent {
  status: JobStatus;
  attempt: number;
  /** Attempts this step gets in total. */
  maxAttempts: number;
}

/** The runner's report. */
export interface RunnerReport {
  status: JobStatus;
  attempt: number;
  error?: JobError;
}

/** Why a report changes nothing. */
export type IgnoreReason = 'stale-attempt' | 'duplicate' | 'backwards' | 'not-a-runner-status';

/** What to do with one `job.status-changed.v1`. */
export type RunnerEventDecision =
  | { kind: 'ignore'; reason: IgnoreReason }
  | { kind: 'transition'; to: JobStatus }
  | {
      kind: 'retry';
      nextAttempt: number;
      delayMs: number;
      /** The provider's Retry-After when it made the wait longer than the back-off. */
      providerRetryAfterMs?: number;
    };

/**
 * Decides what a runner's status report does to a job. Reports of an older (or unknown newer)
 * attempt, duplicates and anything that would move the job backwards are ignored; a retryable
 * failure with attempts left becomes a retry after back-off, or after the provider's Retry-After
 * when that is longer; every other failure is final.
 */
export function decideRunnerEvent(
  job: JobForEvent,
  report: RunnerReport,
  backoff: RetryBackoff,
  random: () => number = Math.random,
): RunnerEventDecision {
  if (!RUNNER_STATUSES.includes(report.status)) {
    return { kind: 'ignore', reason: 'not-a-runner-status' };
  }
  if (report.attempt !== job.attempt) return { kind: 'ignore', reason: 'stale-attempt' };
  if (report.status === job.status) return { kind: 'ignore', reason: 'duplicate' };
  if (!canTransition(job.status, report.status, 'runner')) return { kind: 'ignore', reason: 'backwards' };
  if (report.status === JobStatus.FAILED && report.error?.retryable === true && job.attempt < job.maxAttempts) {
    // At least the wait the provider asked for (Retry-After; the contract caps it), else the back-off.
    const backoffMs = retryDelayMs(job.attempt, backoff, random);
    const retryAfterMs = report.error.retryAfterMs ?? 0;
    if (retryAfterMs > backoffMs)
      return { kind: 'retry', nextAttempt: job.attempt + 1, delayMs: retryAfterMs, providerRetryAfterMs: retryAfterMs };
    return { kind: 'retry', nextAttempt: job.attempt + 1, delayMs: backoffMs };
  }
  return { kind: 'transition', to: report.status };
}
