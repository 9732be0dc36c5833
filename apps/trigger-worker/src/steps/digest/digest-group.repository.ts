import type { DigestEvent } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import type { JobRow } from '../../engine/jobs/job.row';
import { JOB_COLUMNS } from '../../engine/jobs/job.row';
import { sqlRows } from '../../platform/sql/sql-rows';

/** Identifies a digest group: one subscriber, one digest step of one workflow, one key value. */
export interface DigestGroupKey {
  environmentId: string;
  subscriberPk: string;
  workflowId: string;
  stepId: string;
  digestKey: string;
}

/** The group as an arriving event finds it (its row stays locked until the transaction ends). */
export interface DigestArrival {
  /** The digesting job of the open window, if one is open. */
  leaderJobId: string | null;
  /** This event's position in the group's arrival order. */
  seq: string;
  /** When the group's previous event arrived (back-off digests look at it). */
  previousEventAt: Date | null;
}

/**
 * Digest groups. Every arrival upserts the group's row, so concurrent arrivals — on any number of
 * replicas — queue on its row lock and see each other's decisions: exactly one opens a window.
 */
@Injectable()
export class DigestGroupRepository {
  async arrive(tx: Tx, key: DigestGroupKey): Promise<DigestArrival> {
    const rows = await sqlRows<DigestArrival>(
      tx,
      `INSERT INTO trigger.digest_groups AS g (environment_id, subscriber_pk, workflow_id, step_id, digest_key, event_seq, last_event_at)
       VALUES ($1, $2, $3, $4, $5, 1, clock_timestamp())
       ON CONFLICT (environment_id, subscriber_pk, workflow_id, step_id, digest_key)
       DO UPDATE SET event_seq = g.event_seq + 1, previous_event_at = g.last_event_at, last_event_at = clock_timestamp()
       RETURNING leader_job_id AS "leaderJobId", event_seq::text AS seq, previous_event_at AS "previousEventAt"`,
      [key.environmentId, key.subscriberPk, key.workflowId, key.stepId, key.digestKey],
    );
    return rows[0];
  }

  /** Opens the group's window with `leaderJobId` digesting until `closesAt`. */
  async open(tx: Tx, key: DigestGroupKey, leaderJobId: string, closesAt: Date): Promise<void> {
    await managerOf(tx).query(
      `UPDATE trigger.digest_groups SET leader_job_id = $6, closes_at = $7
       WHERE environment_id = $1 AND subscriber_pk = $2 AND workflow_id = $3 AND step_id = $4 AND digest_key = $5`,
      [
        key.environmentId,
        key.subscriberPk,
        key.workflowId,
        key.stepId,
        key.digestKey,
        leaderJobId,
        closesAt.toISOString(),
      ],
    );
  }

  /** Closes the window `leaderJobId` digests; false when it is not (or no longer) the leader. */
  async close(tx: Tx, environmentId: string, leaderJobId: string): Promise<boolean> {
    const rows = await sqlRows<{ leader_job_id: string }>(
      tx,
      `UPDATE trigger.digest_groups SET leader_job_id = NULL, closes_at = NULL WHERE environment_id = $1 AND leader_job_id = $2 RETURNING $2::uuid AS leader_job_id`,
      [environmentId, leaderJobId],
    );
    return rows.length > 0;
  }

  /** Locks the window led by `leaderJobId`; undefined when there is none. */
  async lockWindow(tx: Tx, environmentId: string, leaderJobId: string): Promise<{ closesAt: Date } | undefined> {
    const rows = await sqlRows<{ closesAt: Date }>(
      tx,
      'SELECT closes_at AS "closesAt" FROM trigger.digest_groups WHERE environment_id = $1 AND leader_job_id = $2 FOR UPDATE',
      [environmentId, leaderJobId],
    );
    return rows[0];
  }

  /** Hands the window and its followers from `oldLeaderId` to `newLeaderId`. */
  async handOver(tx: Tx, environmentId: string, oldLeaderId: string, newLeaderId: string): Promise<void> {
    await managerOf(tx).query(
      'UPDATE trigger.digest_groups SET leader_job_id = $3 WHERE environment_id = $1 AND leader_job_id = $2',
      [environmentId, oldLeaderId, newLeaderId],
    );
    await managerOf(tx).query(
      'UPDATE trigger.jobs SET digest_leader_id = $3 WHERE environment_id = $1 AND digest_leader_id = $2 AND id <> $3',
      [environmentId, oldLeaderId, newLeaderId],
    );
    await managerOf(tx).query('UPDATE trigger.jobs SET digest_leader_id = NULL WHERE environment_id = $1 AND id = $2', [
      environmentId,
      newLeaderId,
    ]);
  }

  /** The oldest follower still MERGED into `leaderJobId`, locked. */
  async oldestFollower(tx: Tx, environmentId: string, leaderJobId: string): Promise<JobRow | undefined> {
    const rows = await sqlRows<JobRow>(
      tx,
      `SELECT ${JOB_COLUMNS} FROM trigger.jobs j WHERE j.environment_id = $1 AND j.digest_leader_id = $2 AND j.status = 'merged' ORDER BY j.digest_seq LIMIT 1 FOR UPDATE`,
      [environmentId, leaderJobId],
    );
    return rows[0];
  }

  /** The digest's events in arrival order (the leader's first), at most `limit`, and how many there are. */
  async events(
    tx: Tx,
    environmentId: string,
    leaderJobId: string,
    limit: number,
  ): Promise<{ events: DigestEvent[]; total: number }> {
    const scope = `j.environment_id = $1 AND (j.id = $2 OR (j.digest_leader_id = $2 AND j.status = 'merged'))`;
    const [{ total }] = await sqlRows<{ total: number }>(
      tx,
      `SELECT count(*)::int AS total FROM trigger.jobs j WHERE ${scope}`,
      [environmentId, leaderJobId],
    );
    const rows = await sqlRows<{ id: string; createdAt: Date; payload: Record<string, unknown> }>(
      tx,
      `SELECT j.id, j.created_at AS "createdAt", e.payload FROM trigger.jobs j JOIN trigger.events e ON e.environment_id = j.environment_id AND e.id = j.event_id
       WHERE ${scope} ORDER BY j.digest_seq, j.id LIMIT $3`,
      [environmentId, leaderJobId, limit],
    );
    return {
      events: rows.map((row) => ({
        id: row.id,
        createdAt: new Date(row.createdAt).toISOString(),
        payload: row.payload,
      })),
      total,
    };
  }
}
