import { JobStatus } from '@herald/contracts';

/**
 * Who moves a job: `worker` (its own forward decisions), `runner` (a status event), or one of the
 * two deliberate backward moves ARCHITECTURE.md allows: `retry` (a retryable failure sends the job
 * back to QUEUED for its next attempt) and `takeover` (the oldest MERGED follower of a canceled
 * digesting job becomes the digesting job, its own following jobs re-armed as PENDING).
 */
export type TransitionCause = 'worker' | 'runner' | 'retry' | 'takeover';

const S = JobStatus;

/** Forward moves, whoever makes them. Terminal statuses have none. */
const FORWARD: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  // PENDING → FAILED: the worker could not start the job (its plan threw; decision 0029).
  [S.PENDING]: [S.QUEUED, S.DELAYED, S.MERGED, S.SKIPPED, S.COMPLETED, S.CANCELED, S.FAILED],
  [S.QUEUED]: [S.RUNNING, S.COMPLETED, S.FAILED, S.CANCELED],
  [S.RUNNING]: [S.COMPLETED, S.FAILED, S.CANCELED],
  [S.DELAYED]: [S.COMPLETED, S.CANCELED],
  [S.MERGED]: [S.CANCELED],
  [S.COMPLETED]: [],
  [S.FAILED]: [],
  [S.CANCELED]: [],
  [S.SKIPPED]: [],
};

/** The backward moves, each allowed only with its own cause. */
const EXCEPTIONS: Readonly<Record<'retry' | 'takeover', readonly (readonly [JobStatus, JobStatus])[]>> = {
  // From QUEUED too: the runner's RUNNING event may be lost or arrive after its FAILED.
  retry: [
    [S.RUNNING, S.QUEUED],
    [S.QUEUED, S.QUEUED],
  ],
  takeover: [
    [S.MERGED, S.DELAYED],
    [S.MERGED, S.PENDING],
  ],
};

/** What a runner may report (ARCHITECTURE: RUNNING and the outcome). */
const RUNNER_REPORTS: readonly JobStatus[] = [S.RUNNING, S.COMPLETED, S.FAILED, S.CANCELED];

/** True when `cause` may move a job from `from` to `to`. */
export function canTransition(from: JobStatus, to: JobStatus, cause: TransitionCause): boolean {
  if (cause === 'retry' || cause === 'takeover') return EXCEPTIONS[cause].some(([a, b]) => a === from && b === to);
  if (cause === 'runner' && !RUNNER_REPORTS.includes(to)) return false;
  return FORWARD[from].includes(to);
}

/** Thrown when code tries a move the state machine forbids: a bug, never a data problem. */
export class IllegalJobTransitionError extends Error {
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus,
    readonly movedBy: TransitionCause,
  ) {
    super(`illegal job transition ${from} → ${to} (${movedBy})`);
    this.name = 'IllegalJobTransitionError';
  }
}

/** Throws `IllegalJobTransitionError` unless the move is allowed. */
export function assertTransition(from: JobStatus, to: JobStatus, cause: TransitionCause): void {
  if (!canTransition(from, to, cause)) throw new IllegalJobTransitionError(from, to, cause);
}
