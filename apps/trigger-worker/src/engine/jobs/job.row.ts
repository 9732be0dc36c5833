import type { DigestBatch, JobStatus, StepType } from '@herald/contracts';

/**
 * A delivery job's way to its runner (decision 0032): `sent` — dispatched, in flight until it
 * leaves QUEUED/RUNNING; `held` — QUEUED, waiting for room under its environment's cap; null —
 * neither.
 */
export type DispatchState = 'held' | 'sent' | null;

/** One job as the worker reads it. */
export interface JobRow {
  id: string;
  environmentId: string;
  notificationId: string;
  eventId: string;
  transactionId: string;
  subscriberPk: string;
  subscriberId: string;
  stepId: string;
  stepType: StepType;
  stepIndex: number;
  chainOrder: number;
  parentJobId: string | null;
  status: JobStatus;
  attempt: number;
  runAt: Date | null;
  digestKey: string | null;
  digestLeaderId: string | null;
  digestSeq: string | null;
  digest: DigestBatch | null;
  dispatch: DispatchState;
  createdAt: Date;
  /**
   * True for the first job of a chain just built whose row is not written yet: its first
   * transition inserts it in its new status (decision 0049). Absent on every job read from Postgres.
   */
  unwritten?: boolean;
}

/** The select list that yields a `JobRow` from `trigger.jobs j`. */
export const JOB_COLUMNS = `j.id, j.environment_id AS "environmentId", j.notification_id AS "notificationId", j.event_id AS "eventId",
  j.transaction_id AS "transactionId", j.subscriber_pk AS "subscriberPk", j.subscriber_id AS "subscriberId", j.step_id AS "stepId",
  j.step_type AS "stepType", j.step_index AS "stepIndex", j.chain_order AS "chainOrder", j.parent_job_id AS "parentJobId",
  j.status, j.attempt, j.run_at AS "runAt", j.digest_key AS "digestKey", j.digest_leader_id AS "digestLeaderId",
  j.digest_seq AS "digestSeq", j.digest, j.dispatch, j.created_at AS "createdAt"`;
