import type { IntegrationDeliveryStats, ThroughputSeries } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

interface ThroughputRow {
  at: Date;
  triggers: number;
  deliveries: number;
  failures: number;
}

// Every minute of the window (zeros included), then what happened in each: events stored (one per
// trigger), runner-reported completions, and jobs that reached `failed`. Both sides read indexes
// on (environment_id, time) added for this (1766317000000).
const THROUGHPUT_SQL = `
  WITH minutes AS (
    SELECT generate_series(date_trunc('minute', $2::timestamptz) - make_interval(mins => $3 - 1),
                           date_trunc('minute', $2::timestamptz), interval '1 minute') AS at
  ), triggers AS (
    SELECT date_trunc('minute', e.created_at) AS at, count(*)::int AS n
    FROM trigger.events e
    WHERE e.environment_id = $1 AND e.created_at >= (SELECT min(at) FROM minutes) AND e.created_at <= $2
    GROUP BY 1
  ), outcomes AS (
    SELECT date_trunc('minute', d.occurred_at) AS at,
           count(*) FILTER (WHERE d.status = 'completed' AND d.source = 'runner')::int AS deliveries,
           count(*) FILTER (WHERE d.status = 'failed')::int AS failures
    FROM trigger.execution_details d
    WHERE d.environment_id = $1 AND (d.source = 'runner' OR d.status = 'failed')
      AND d.occurred_at >= (SELECT min(at) FROM minutes) AND d.occurred_at <= $2
    GROUP BY 1
  )
  SELECT m.at, COALESCE(t.n, 0) AS triggers, COALESCE(o.deliveries, 0) AS deliveries, COALESCE(o.failures, 0) AS failures
  FROM minutes m LEFT JOIN triggers t ON t.at = m.at LEFT JOIN outcomes o ON o.at = m.at
  ORDER BY m.at`;

// A runner names the integration of each outcome it reports (`raw.integrationId`): a completion,
// or an error (a failed attempt, retried afterwards or not). Failover inside one attempt counts for
// the integration that settled it.
const INTEGRATION_OUTCOMES_SQL = `
  WITH outcomes AS (
    SELECT d.raw->>'integrationId' AS "integrationId", d.status, d.detail, d.raw->'error'->>'code' AS "errorCode",
           d.occurred_at, d.notification_id, j.transaction_id, j.subscriber_id,
           row_number() OVER (PARTITION BY d.raw->>'integrationId' ORDER BY d.occurred_at DESC, d.id DESC) AS rank
    FROM trigger.execution_details d
    JOIN trigger.jobs j ON j.id = d.job_id AND j.environment_id = d.environment_id
    WHERE d.environment_id = $1 AND d.source = 'runner' AND d.occurred_at >= $2 AND d.occurred_at <= $3
      AND d.raw ? 'integrationId' AND (d.status = 'completed' OR d.raw ? 'error')
  )
  SELECT "integrationId",
         count(*) FILTER (WHERE status = 'completed')::int AS delivered,
         count(*) FILTER (WHERE status <> 'completed')::int AS failed,
         COALESCE(jsonb_agg(jsonb_build_object('notificationId', notification_id, 'transactionId', transaction_id,
             'subscriberId', subscriber_id, 'status', CASE WHEN status = 'completed' THEN 'delivered' ELSE 'failed' END,
             'detail', detail, 'errorCode', "errorCode", 'at', occurred_at) ORDER BY occurred_at DESC)
           FILTER (WHERE rank <= $4), '[]'::jsonb) AS recent
  FROM outcomes GROUP BY "integrationId" ORDER BY "integrationId"`;

/** The console's figures, counted from the jobs and execution details the worker already keeps. */
@Injectable()
export class InsightsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async throughput(environmentId: string, minutes: number, now = new Date()): Promise<ThroughputSeries> {
    const rows = await sqlRows<ThroughputRow>(this.dataSource.manager, THROUGHPUT_SQL, [environmentId, now, minutes]);
    return {
      from: new Date(rows[0].at).toISOString(),
      to: now.toISOString(),
      bucketSeconds: 60,
      points: rows.map((row) => ({
        at: new Date(row.at).toISOString(),
        triggers: row.triggers,
        deliveries: row.deliveries,
        failures: row.failures,
      })),
    };
  }

  async integrationDeliveries(
    environmentId: string,
    hours: number,
    recent: number,
    now = new Date(),
  ): Promise<{ from: string; to: string; data: IntegrationDeliveryStats[] }> {
    const from = new Date(now.getTime() - hours * 3_600_000);
    const rows = await sqlRows<IntegrationDeliveryStats>(this.dataSource.manager, INTEGRATION_OUTCOMES_SQL, [
      environmentId,
      from,
      now,
      recent,
    ]);
    return {
      from: from.toISOString(),
      to: now.toISOString(),
      data: rows.map((row) => ({
        ...row,
        recent: row.recent.map((outcome) => ({ ...outcome, at: new Date(outcome.at).toISOString() })),
      })),
    };
  }
}
