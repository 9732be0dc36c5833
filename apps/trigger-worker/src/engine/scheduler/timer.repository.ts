import type { StepType } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';

import { sqlRows } from '../../platform/sql/sql-rows';

/** What a timer does when it fires: a step kind's own timer (named by its step type), a retry's back-off, a fan-out's next page. */
export type TimerKind = StepType | 'retry' | 'fanout';

/** A timer to set. */
export interface TimerSpec {
  environmentId: string;
  kind: TimerKind;
  /** The job (delay, digest, retry) or event (fanout) it acts on. */
  subjectId: string;
  runAt: Date;
}

/** A due timer claimed by a poller. */
export interface DueTimer extends TimerSpec {
  id: string;
  failures: number;
}

/** The durable scheduler's table: one row per pending timer, deleted by the transaction that fires it. */
@Injectable()
export class TimerRepository {
  /** Sets timers (a timer already set for the same subject and kind is moved). */
  async schedule(tx: Tx, timers: readonly TimerSpec[]): Promise<void> {
    if (timers.length === 0) return;
    await managerOf(tx).query(
      `INSERT INTO trigger.timers (environment_id, kind, subject_id, run_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[])
       ON CONFLICT (subject_id, kind) DO UPDATE SET run_at = EXCLUDED.run_at, failures = 0, last_error = NULL`,
      [
        timers.map((t) => t.environmentId),
        timers.map((t) => t.kind),
        timers.map((t) => t.subjectId),
        timers.map((t) => t.runAt.toISOString()),
      ],
    );
  }

  /**
   * Claims due timers for this transaction. SKIP LOCKED lets any number of pollers claim
   * side by side without taking the same row; the scheduler is not tenant data, so this is the
   * one query that spans environments.
   */
  claimDue(tx: Tx, limit: number): Promise<DueTimer[]> {
    return sqlRows<DueTimer>(
      tx,
      `SELECT id, environment_id AS "environmentId", kind, subject_id AS "subjectId", run_at AS "runAt", failures
       FROM trigger.timers WHERE run_at <= clock_timestamp() ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** Removes fired timers. */
  async delete(tx: Tx, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await managerOf(tx).query('DELETE FROM trigger.timers WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** Moves a timer (a fan-out with more to do, or a failed one backing off). */
  async postpone(tx: Tx, id: string, runAt: Date, error?: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE trigger.timers SET run_at = $2, failures = failures + CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END, last_error = COALESCE($3, last_error) WHERE id = $1`,
      [id, runAt.toISOString(), error?.slice(0, 1000) ?? null],
    );
  }

  /** When the next timer is due, if any. */
  async nextRunAt(tx: Tx): Promise<Date | undefined> {
    const rows = await sqlRows<{ run_at: Date | null }>(tx, 'SELECT min(run_at) AS run_at FROM trigger.timers');
    return rows[0]?.run_at ?? undefined;
  }
}
