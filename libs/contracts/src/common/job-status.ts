import { z } from 'zod';

/**
 * Job statuses with exactly the meanings of Novu's processing lifecycle (seed 002). The values
 * are Novu's wire values (lowercase), so activity-feed responses stay compatible.
 */
export const JobStatus = {
  /** Created, not yet handed to a queue. */
  PENDING: 'pending',
  /** Validated and published to its runner's queue, awaiting its turn. */
  QUEUED: 'queued',
  /** Picked up by a runner. */
  RUNNING: 'running',
  /** Executed successfully. */
  COMPLETED: 'completed',
  /** Failed for good (after the last attempt when retryable). */
  FAILED: 'failed',
  /** A delay or digest job waiting for its time. */
  DELAYED: 'delayed',
  /** Will not be processed (cancel, preference, step condition, missing data). */
  CANCELED: 'canceled',
  /** An event merged into another job's digest. */
  MERGED: 'merged',
  /** A back-off digest's first event, intentionally not digested. */
  SKIPPED: 'skipped',
} as const;
/** One of the `JobStatus` values. */
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** Every job status. */
export const JOB_STATUSES: readonly JobStatus[] = Object.values(JobStatus);
/** Validates a job status value. */
export const jobStatusSchema = z.nativeEnum(JobStatus);

/**
 * Statuses a job never leaves. MERGED is not one: a merged job can still be canceled or take
 * over a canceled digest.
 */
export const TERMINAL_JOB_STATUSES: readonly JobStatus[] = [
  JobStatus.COMPLETED,
  JobStatus.FAILED,
  JobStatus.CANCELED,
  JobStatus.SKIPPED,
];

/** The statuses a runner reports in `job.status-changed.v1`; every other one is the worker's own. */
export const RUNNER_JOB_STATUSES: readonly JobStatus[] = [
  JobStatus.RUNNING,
  JobStatus.COMPLETED,
  JobStatus.FAILED,
  JobStatus.CANCELED,
];

/** True when a job in `status` will never change again. */
export function isTerminalJobStatus(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.includes(status);
}
