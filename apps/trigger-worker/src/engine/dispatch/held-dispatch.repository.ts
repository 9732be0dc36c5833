import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { sqlRows } from '../../platform/sql/sql-rows';
import type { DispatchState, JobRow } from '../jobs/job.row';
import { JOB_COLUMNS } from '../jobs/job.row';

/** One environment's channel with held jobs. */
export interface HeldLane {
  environmentId: string;
  channel: string;
}

/**
 * The queries behind fair dispatch (decision 0032). "In flight" is counted from the jobs
 * themselves (`dispatch = 'sent'`, cleared when a job finishes), never kept in a counter that a
 * crash could leave wrong; every count stops at the cap, so it reads at most `cap` index entries.
 */
@Injectable()
export class HeldDispatchRepository {
  /** How many more of the environment's jobs on `channel` may be dispatched now (0 … cap). */
  async room(tx: Tx, environmentId: string, channel: string, cap: number): Promise<number> {
    const rows = await sqlRows<{ n: number }>(
      tx,
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM trigger.jobs WHERE environment_id = $1 AND step_type = $2 AND dispatch = 'sent' LIMIT $3
       ) AS in_flight`,
      [environmentId, channel, cap],
    );
    return Math.max(0, cap - (rows[0]?.n ?? 0));
  }

  /** Sets the dispatch state of QUEUED jobs (a retry's attempt going out, or held again). */
  async mark(
    tx: Tx,
    environmentId: string,
    ids: readonly string[],
    state: Exclude<DispatchState, null>,
  ): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(tx).query(
      "UPDATE trigger.jobs SET dispatch = $3, updated_at = now() WHERE environment_id = $1 AND id = ANY($2::uuid[]) AND status = 'queued'",
      [environmentId, ids, state],
    );
  }

  /**
   * Takes the oldest held jobs of a lane that fit under its cap, marks them sent and writes their
   * execution detail, in one statement. Skips rows another transaction holds (a cancel, a
   * concurrent release). With nothing held it reads one index entry and counts nothing.
   */
  release(tx: Tx, lane: HeldLane, cap: number): Promise<JobRow[]> {
    return sqlRows<JobRow>(
      tx,
      `WITH room AS (
         SELECT CASE WHEN EXISTS (
             SELECT 1 FROM trigger.jobs WHERE environment_id = $1 AND step_type = $2 AND dispatch = 'held'
           ) THEN greatest(0, $3 - (
             SELECT count(*) FROM (
               SELECT 1 FROM trigger.jobs WHERE environment_id = $1 AND step_type = $2 AND dispatch = 'sent' LIMIT $3
             ) AS in_flight
           )) ELSE 0 END AS n
       ), picked AS (
         SELECT id FROM trigger.jobs
         WHERE environment_id = $1 AND step_type = $2 AND dispatch = 'held' AND status = 'queued'
         ORDER BY created_at, id LIMIT (SELECT n FROM room) FOR UPDATE SKIP LOCKED
       ), released AS (
         UPDATE trigger.jobs j SET dispatch = 'sent', updated_at = now() FROM picked
         WHERE j.id = picked.id AND j.environment_id = $1
         RETURNING ${JOB_COLUMNS}
       ), noted AS (
         INSERT INTO trigger.execution_details (environment_id, job_id, notification_id, status, attempt, source, detail)
         SELECT $1, r.id, r."notificationId", r.status, r.attempt, 'worker',
           'Dispatched to the ' || $2 || ' runner (attempt ' || r.attempt || ') after waiting for room under the environment''s cap'
         FROM released r
       )
       SELECT * FROM released ORDER BY "createdAt", id`,
      [lane.environmentId, lane.channel, cap],
    );
  }

  /**
   * Lanes with held jobs after `after` (in environment, channel order), at most `limit`: a skip
   * scan over the held index, one probe per lane rather than one row per held job. Like the
   * scheduler's claim, this spans environments: it is how each of them gets its turn.
   */
  heldLanes(tx: Tx, after: HeldLane | undefined, limit: number): Promise<HeldLane[]> {
    return sqlRows<HeldLane>(
      tx,
      `WITH RECURSIVE lanes AS (
         (SELECT environment_id, step_type FROM trigger.jobs
          WHERE dispatch = 'held' AND (environment_id, step_type) > ($1, $2)
          ORDER BY environment_id, step_type LIMIT 1)
         UNION ALL
         SELECT next.environment_id, next.step_type FROM lanes l, LATERAL (
           SELECT environment_id, step_type FROM trigger.jobs
           WHERE dispatch = 'held' AND (environment_id, step_type) > (l.environment_id, l.step_type)
           ORDER BY environment_id, step_type LIMIT 1
         ) AS next
       )
       SELECT environment_id AS "environmentId", step_type AS channel FROM lanes LIMIT $3`,
      [after?.environmentId ?? '', after?.channel ?? '', limit],
    );
  }
}
