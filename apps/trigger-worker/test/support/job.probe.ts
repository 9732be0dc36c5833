import type { JobStatus } from '@herald/contracts';
import type { DataSource } from 'typeorm';

/** A job as tests look at it. */
export interface ProbedJob {
  id: string;
  stepId: string;
  status: JobStatus;
  attempt: number;
  subscriberId: string;
  chainOrder: number;
  transactionId: string;
  digestLeaderId: string | null;
}

/** The jobs of a transaction, in chain order per subscriber. */
export function jobsOf(db: DataSource, environmentId: string, transactionId: string): Promise<ProbedJob[]> {
  return db.query(
    `SELECT id, step_id AS "stepId", status, attempt, subscriber_id AS "subscriberId", chain_order AS "chainOrder", transaction_id AS "transactionId", digest_leader_id AS "digestLeaderId"
     FROM trigger.jobs WHERE environment_id = $1 AND transaction_id = $2 ORDER BY subscriber_id, chain_order`,
    [environmentId, transactionId],
  );
}

/** The execution-detail lines of a job, oldest first. */
export async function detailsOf(
  db: DataSource,
  environmentId: string,
  jobId: string,
): Promise<{ status: JobStatus; detail: string; attempt: number }[]> {
  return db.query(
    'SELECT status, detail, attempt FROM trigger.execution_details WHERE environment_id = $1 AND job_id = $2 ORDER BY id',
    [environmentId, jobId],
  );
}
