import { managerOf, type Tx } from '@herald/persistence';
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

/** Identifies a throttle counter: one subscriber, one throttle step of one workflow, one key value. */
export interface ThrottleCounterKey {
  environmentId: string;
  subscriberPk: string;
  workflowId: string;
  stepId: string;
  throttleKey: string;
}

/** The counter as an arriving execution finds it (its row stays locked until the transaction ends). */
export interface ThrottleCount {
  /** Executions that passed and still count (their window has not ended). */
  live: number;
  /** When the oldest of them stops counting, if any. */
  nextFreeAt: Date | null;
}

/**
 * Throttle counters. Every arrival upserts the counter's row — locking it, so concurrent arrivals
 * on any replica queue behind each other — and drops the executions that no longer count. The row
 * holds one "counts until" timestamp per live execution (at most the threshold), so it stays small.
 */
@Injectable()
export class ThrottleCounterRepository {
  async arrive(tx: Tx, key: ThrottleCounterKey, now: Date): Promise<ThrottleCount> {
    const rows = await sqlRows<ThrottleCount>(
      tx,
      `INSERT INTO trigger.throttle_counters AS c (environment_id, subscriber_pk, workflow_id, step_id, throttle_key, counts_until, expires_at)
       VALUES ($1, $2, $3, $4, $5, '{}', $6)
       ON CONFLICT (environment_id, subscriber_pk, workflow_id, step_id, throttle_key)
       DO UPDATE SET counts_until = ARRAY(SELECT t FROM unnest(c.counts_until) t WHERE t > $6 ORDER BY t)
       RETURNING cardinality(c.counts_until) AS live, c.counts_until[1] AS "nextFreeAt"`,
      [key.environmentId, key.subscriberPk, key.workflowId, key.stepId, key.throttleKey, now.toISOString()],
    );
    return rows[0];
  }

  /** Counts an execution that passed until `countsUntil` (call after `arrive`, in its transaction). */
  async record(tx: Tx, key: ThrottleCounterKey, countsUntil: Date): Promise<void> {
    await managerOf(tx).query(
      `UPDATE trigger.throttle_counters SET counts_until = counts_until || $6::timestamptz, expires_at = GREATEST(expires_at, $6::timestamptz)
       WHERE environment_id = $1 AND subscriber_pk = $2 AND workflow_id = $3 AND step_id = $4 AND throttle_key = $5`,
      [key.environmentId, key.subscriberPk, key.workflowId, key.stepId, key.throttleKey, countsUntil.toISOString()],
    );
  }

  /**
   * Deletes up to `limit` counters whose every execution stopped counting (maintenance across
   * environments, like the scheduler's claim). Locked counters are left for the next pass.
   */
  async purgeExpired(dataSource: DataSource, limit: number): Promise<number> {
    const rows = await sqlRows<{ n: number }>(
      dataSource.manager,
      `WITH gone AS (
         DELETE FROM trigger.throttle_counters c USING (
           SELECT environment_id, subscriber_pk, workflow_id, step_id, throttle_key FROM trigger.throttle_counters
           WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
         ) d
         WHERE c.environment_id = d.environment_id AND c.subscriber_pk = d.subscriber_pk AND c.workflow_id = d.workflow_id AND c.step_id = d.step_id AND c.throttle_key = d.throttle_key
           AND c.expires_at < now()
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`,
      [limit],
    );
    return rows[0]?.n ?? 0;
  }
}
