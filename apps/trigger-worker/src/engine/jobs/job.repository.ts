import { type DigestBatch, JobStatus } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { sqlRows } from '../../platform/sql/sql-rows';
import { type DispatchState, JOB_COLUMNS, type JobRow } from './job.row';
import { assertTransition, type TransitionCause } from './job-state-machine';

/** One status change to write, with its execution-detail line. */
export interface JobTransition {
  /** The job as decided on; an `unwritten` one must be the whole row (its insert needs every column). */
  job: Pick<JobRow, 'id' | 'status' | 'attempt' | 'unwritten'>;
  to: JobStatus;
  cause: TransitionCause;
  detail: string;
  /** The attempt after the change (default: unchanged). */
  attempt?: number;
  /** When the job runs next (delays, digest windows, retries); absent keeps the old value. */
  runAt?: Date;
  source?: 'worker' | 'runner';
  providerId?: string;
  /** Extra facts for the execution detail (provider ids, error code); never credentials. */
  raw?: Record<string, unknown>;
  occurredAt?: Date;
  digestLeaderId?: string;
  digestSeq?: string;
  digestKey?: string;
  /**
   * The job's dispatch state after the change (decision 0032): `held` or `sent` as the gate
   * decided, `none` to clear it (a retry waiting out its back-off); absent keeps it. Leaving
   * QUEUED/RUNNING always clears it: a finished job is no longer in flight.
   */
  dispatch?: Exclude<DispatchState, null> | 'none';
  /**
   * The delivery a runner reported with a COMPLETED job: written, once per job, to the messages
   * read model (GET /v1/messages) by the statement that applies the change (decision 0049).
   */
  delivery?: { channel: string; recipient: string; messageId?: string; providerMessageId?: string };
}

/** Jobs: locking, chain navigation, and status changes that always leave an execution detail. */
@Injectable()
export class JobRepository {
  /** Locks the jobs (in id order, so concurrent lockers never deadlock on each other). */
  lock(tx: Tx, environmentId: string, ids: readonly string[]): Promise<JobRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<JobRow>(
      tx,
      `SELECT ${JOB_COLUMNS} FROM trigger.jobs j WHERE j.environment_id = $1 AND j.id = ANY($2::uuid[]) ORDER BY j.id FOR UPDATE`,
      [environmentId, ids],
    );
  }

  /** The jobs a trigger message created that are dispatched and not finished (decision 0048), not locked. */
  inFlightOfTrigger(tx: Tx, environmentId: string, transactionId: string, messageId: string): Promise<JobRow[]> {
    return sqlRows<JobRow>(
      tx,
      `SELECT ${JOB_COLUMNS} FROM trigger.jobs j JOIN trigger.events e ON e.id = j.event_id AND e.environment_id = j.environment_id
       WHERE j.environment_id = $1 AND j.transaction_id = $2 AND e.message_id = $3 AND j.dispatch = 'sent'
         AND j.status IN ('${JobStatus.QUEUED}', '${JobStatus.RUNNING}')`,
      [environmentId, transactionId, messageId],
    );
  }

  /** The jobs that follow `ids` in their chains. */
  async nextInChain(tx: Tx, environmentId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await sqlRows<{ id: string }>(
      tx,
      'SELECT id FROM trigger.jobs WHERE environment_id = $1 AND parent_job_id = ANY($2::uuid[])',
      [environmentId, ids],
    );
    return rows.map((row) => row.id);
  }

  /** The ids of the transaction's jobs in one of `statuses`, and with `held` its held jobs too (not locked). */
  idsOfTransaction(
    tx: Tx,
    environmentId: string,
    transactionId: string,
    statuses: readonly JobStatus[],
    options: { held?: boolean } = {},
  ): Promise<{ id: string }[]> {
    return sqlRows<{ id: string }>(
      tx,
      `SELECT id FROM trigger.jobs WHERE environment_id = $1 AND transaction_id = $2
       AND (status = ANY($3::text[]) OR ($4 AND dispatch = 'held'))`,
      [environmentId, transactionId, statuses, options.held ?? false],
    );
  }

  /** Locks the jobs after `job` in its chain that are in `status`. */
  laterInChain(
    tx: Tx,
    job: Pick<JobRow, 'environmentId' | 'notificationId' | 'chainOrder'>,
    status: JobStatus,
  ): Promise<JobRow[]> {
    return sqlRows<JobRow>(
      tx,
      `SELECT ${JOB_COLUMNS} FROM trigger.jobs j WHERE j.environment_id = $1 AND j.notification_id = $2 AND j.chain_order > $3 AND j.status = $4 ORDER BY j.id FOR UPDATE`,
      [job.environmentId, job.notificationId, job.chainOrder, status],
    );
  }

  /** Stores the digest batch on every job after `job` in its chain (they render `step.digest`). */
  async attachDigest(
    tx: Tx,
    job: Pick<JobRow, 'environmentId' | 'notificationId' | 'chainOrder'>,
    digest: DigestBatch,
  ): Promise<void> {
    await managerOf(tx).query(
      'UPDATE trigger.jobs SET digest = $4::jsonb WHERE environment_id = $1 AND notification_id = $2 AND chain_order > $3',
      [job.environmentId, job.notificationId, job.chainOrder, JSON.stringify(digest)],
    );
  }

  /**
   * Applies status changes set-based, each guarded by the status it was decided from, and writes
   * one execution detail per applied change in the same statement. A job still `unwritten` (the
   * first of a chain this transaction built, decision 0049) is inserted in its new status by the
   * same statement and is no longer `unwritten` afterwards; an applied change with a `delivery`
   * writes its message row there too. The jobs are found by their ids (`= ANY`), never by joining
   * the list to the table: with statistics behind a growing table, Postgres hashed every job of the
   * environment for each change (decision 0049). Returns the applied job ids.
   */
  async transition(tx: Tx, environmentId: string, transitions: readonly JobTransition[]): Promise<Set<string>> {
    if (transitions.length === 0) return new Set();
    for (const t of transitions) assertTransition(t.job.status, t.to, t.cause);
    const column = <T>(pick: (t: JobTransition) => T) => transitions.map(pick);
    const fresh = transitions.map(({ job }) => job).filter((job): job is JobRow => job.unwritten === true);
    const freshColumn = <T>(pick: (job: JobRow) => T) => fresh.map(pick);
    const rows = await sqlRows<{ job_id: string }>(
      tx,
      `WITH c AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::uuid[], $13::bigint[], $14::text[], $15::text[],
           $27::text[], $28::text[], $29::text[], $30::text[])
           AS c(id, from_status, to_status, attempt, run_at, detail, source, provider_id, raw, occurred_at, digest_leader_id, digest_seq, digest_key, dispatch,
             delivery_channel, delivery_recipient, external_message_id, provider_message_id)
       ), u AS (
         UPDATE trigger.jobs j SET status = c.to_status, attempt = c.attempt, run_at = COALESCE(c.run_at, j.run_at),
           provider_id = COALESCE(c.provider_id, j.provider_id), digest_leader_id = COALESCE(c.digest_leader_id, j.digest_leader_id),
           digest_seq = COALESCE(c.digest_seq, j.digest_seq), digest_key = COALESCE(c.digest_key, j.digest_key),
           dispatch = CASE WHEN c.to_status IN ('queued', 'running') AND c.dispatch IS DISTINCT FROM 'none' THEN COALESCE(c.dispatch, j.dispatch) END,
           updated_at = now()
         FROM c WHERE j.environment_id = $1 AND j.id = ANY($2::uuid[]) AND j.id = c.id AND j.status = c.from_status
         RETURNING j.id, j.notification_id, j.transaction_id, j.subscriber_id, c.to_status, c.attempt, c.source, c.detail, c.provider_id, c.raw, c.occurred_at,
           c.delivery_channel, c.delivery_recipient, c.external_message_id, c.provider_message_id
       ), n AS (
         INSERT INTO trigger.jobs (id, environment_id, notification_id, event_id, transaction_id, subscriber_pk, subscriber_id, step_id, step_type, step_index, chain_order, parent_job_id,
           status, attempt, run_at, provider_id, digest_leader_id, digest_seq, digest_key, dispatch)
         SELECT f.id, $1, f.notification_id, f.event_id, f.transaction_id, f.subscriber_pk, f.subscriber_id, f.step_id, f.step_type, f.step_index, f.chain_order, f.parent_job_id,
           c.to_status, c.attempt, c.run_at, c.provider_id, c.digest_leader_id, c.digest_seq, c.digest_key,
           CASE WHEN c.to_status IN ('queued', 'running') AND c.dispatch IS DISTINCT FROM 'none' THEN c.dispatch END
         FROM unnest($16::uuid[], $17::uuid[], $18::uuid[], $19::text[], $20::uuid[], $21::text[], $22::text[], $23::text[], $24::int[], $25::int[], $26::uuid[])
           AS f(id, notification_id, event_id, transaction_id, subscriber_pk, subscriber_id, step_id, step_type, step_index, chain_order, parent_job_id)
         JOIN c ON c.id = f.id
         RETURNING id, notification_id, transaction_id, subscriber_id
       ), applied AS (
         SELECT * FROM u
         UNION ALL SELECT n.id, n.notification_id, n.transaction_id, n.subscriber_id, c.to_status, c.attempt, c.source, c.detail, c.provider_id, c.raw, c.occurred_at,
           c.delivery_channel, c.delivery_recipient, c.external_message_id, c.provider_message_id
         FROM n JOIN c ON c.id = n.id
       ), m AS (
         INSERT INTO trigger.messages (environment_id, job_id, notification_id, transaction_id, subscriber_id, channel, recipient, external_message_id, provider_id, provider_message_id)
         SELECT $1, a.id, a.notification_id, a.transaction_id, a.subscriber_id, a.delivery_channel, a.delivery_recipient, a.external_message_id, a.provider_id, a.provider_message_id
         FROM applied a WHERE a.delivery_channel IS NOT NULL
         ON CONFLICT (job_id) DO NOTHING
       )
       INSERT INTO trigger.execution_details (environment_id, job_id, notification_id, status, attempt, source, detail, provider_id, raw, occurred_at)
       SELECT $1, a.id, a.notification_id, a.to_status, a.attempt, a.source, a.detail, a.provider_id, a.raw::jsonb, COALESCE(a.occurred_at, now()) FROM applied a
       RETURNING job_id`,
      [
        environmentId,
        column((t) => t.job.id),
        column((t) => t.job.status),
        column((t) => t.to),
        column((t) => t.attempt ?? t.job.attempt),
        column((t) => t.runAt?.toISOString() ?? null),
        column((t) => t.detail.slice(0, 2000)),
        column((t) => t.source ?? 'worker'),
        column((t) => t.providerId ?? null),
        column((t) => (t.raw ? JSON.stringify(t.raw) : null)),
        column((t) => t.occurredAt?.toISOString() ?? null),
        column((t) => t.digestLeaderId ?? null),
        column((t) => t.digestSeq ?? null),
        column((t) => t.digestKey ?? null),
        column((t) => t.dispatch ?? null),
        freshColumn((job) => job.id),
        freshColumn((job) => job.notificationId),
        freshColumn((job) => job.eventId),
        freshColumn((job) => job.transactionId),
        freshColumn((job) => job.subscriberPk),
        freshColumn((job) => job.subscriberId),
        freshColumn((job) => job.stepId),
        freshColumn((job) => job.stepType),
        freshColumn((job) => job.stepIndex),
        freshColumn((job) => job.chainOrder),
        freshColumn((job) => job.parentJobId),
        column((t) => t.delivery?.channel ?? null),
        column((t) => t.delivery?.recipient ?? null),
        column((t) => t.delivery?.messageId ?? null),
        column((t) => t.delivery?.providerMessageId ?? null),
      ],
    );
    for (const job of fresh) delete job.unwritten;
    return new Set(rows.map((row) => row.job_id));
  }

  /** Writes an execution detail without a status change (e.g. a retry attempt dispatched). */
  async note(
    tx: Tx,
    environmentId: string,
    job: Pick<JobRow, 'id' | 'notificationId' | 'status' | 'attempt'>,
    detail: string,
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO trigger.execution_details (environment_id, job_id, notification_id, status, attempt, source, detail) VALUES ($1, $2, $3, $4, $5, 'worker', $6)`,
      [environmentId, job.id, job.notificationId, job.status, job.attempt, detail.slice(0, 2000)],
    );
  }
}
