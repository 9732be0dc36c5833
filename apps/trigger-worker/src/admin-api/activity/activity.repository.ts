import { JobStatus, RpcError, TRIGGER_WORKER_RPC_ERRORS, type WorkerNotification } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/sql/sql-rows';

/** Filters of `GET /v1/notifications` (Novu's activity feed). */
export interface ActivityFilter {
  environmentId: string;
  page: number;
  limit: number;
  transactionId?: string;
  subscriberIds?: string[];
  channels?: string[];
  /** Workflow ids or identifiers. */
  templates?: string[];
  /** Created at or after (ISO instant). */
  after?: string;
  /** Created before (ISO instant). */
  before?: string;
  /** A job in one of these statuses; a quarantined trigger counts as failed. */
  statuses?: string[];
}

/** A notification with its jobs and their execution details, in Novu's activity shape: `workerNotificationSchema`. */
export type ActivityNotificationDto = WorkerNotification;

const NOTIFICATION_COLUMNS = `
  SELECT n.id AS "_id", n.environment_id AS "_environmentId", n.organization_id AS "_organizationId",
         n.subscriber_pk::text AS "_subscriberId", n.workflow_id AS "_templateId", n.transaction_id AS "transactionId",
         n.channels, n.created_at AS "createdAt", e.payload, e.duplicates AS "duplicateTriggers",
         jsonb_build_object('_id', n.subscriber_pk, 'subscriberId', n.subscriber_id, 'firstName', s.first_name,
           'lastName', s.last_name, 'email', s.email, 'phone', s.phone) AS subscriber,
         jsonb_build_object('_id', n.workflow_id, 'name', e.workflow->>'name', 'triggers', jsonb_build_array(
           jsonb_build_object('type', 'event', 'identifier', n.workflow_identifier, 'variables', '[]'::jsonb)))
           AS template,
         e.workflow->'steps' AS steps, NULL::text AS "quarantineReason", NULL::text AS "failedStepType"
  FROM trigger.notifications n
  JOIN trigger.events e ON e.id = n.event_id AND e.environment_id = n.environment_id
  LEFT JOIN trigger.subscribers s ON s.id = n.subscriber_pk AND s.environment_id = n.environment_id`;

// A quarantined trigger (decision 0030) in the shape of a notification; hidden once the same
// message was processed after all (a replay from the dead-letter queue).
const FAILED_TRIGGER_COLUMNS = `
  SELECT f.id AS "_id", f.environment_id AS "_environmentId", f.organization_id AS "_organizationId",
         '' AS "_subscriberId", f.workflow_id AS "_templateId", f.transaction_id AS "transactionId",
         f.channels, f.created_at AS "createdAt", f.payload, 0 AS "duplicateTriggers",
         jsonb_build_object('_id', '', 'subscriberId', COALESCE(f.subscriber_ids[1], ''), 'firstName', NULL,
           'lastName', NULL, 'email', NULL, 'phone', NULL) AS subscriber,
         jsonb_build_object('_id', f.workflow_id, 'name', f.workflow_name, 'triggers', jsonb_build_array(
           jsonb_build_object('type', 'event', 'identifier', f.workflow_identifier, 'variables', '[]'::jsonb)))
           AS template,
         jsonb_build_array(jsonb_build_object('stepId', f.step_id, 'name', f.step_name)) AS steps,
         f.reason AS "quarantineReason", f.step_type AS "failedStepType"
  FROM trigger.failed_triggers f`;
const NOT_PROCESSED_SINCE = `NOT EXISTS (SELECT 1 FROM trigger.events e WHERE e.environment_id = f.environment_id
  AND e.transaction_id = f.transaction_id AND e.message_id = f.id AND e.fanout_status = 'done')`;

type NotificationRow = Omit<ActivityNotificationDto, 'jobs' | 'createdAt'> & {
  createdAt: Date;
  steps: { stepId: string; name: string }[];
  quarantineReason: string | null;
  failedStepType: ActivityNotificationDto['jobs'][number]['type'] | null;
};

/** Reads the activity feed: notifications newest first, each with its jobs and details. */
@Injectable()
export class ActivityRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(
    filter: ActivityFilter,
  ): Promise<{ data: ActivityNotificationDto[]; page: number; pageSize: number; hasMore: boolean }> {
    const rows = await sqlRows<NotificationRow>(
      this.dataSource.manager,
      `${NOTIFICATION_COLUMNS}
       WHERE n.environment_id = $1 AND ($2::text IS NULL OR n.transaction_id = $2) AND ($3::text[] IS NULL OR n.subscriber_id = ANY($3::text[]))
         AND ($4::text[] IS NULL OR n.channels && $4::text[]) AND ($5::text[] IS NULL OR n.workflow_id = ANY($5::text[]) OR n.workflow_identifier = ANY($5::text[]))
         AND ($8::timestamptz IS NULL OR n.created_at >= $8) AND ($9::timestamptz IS NULL OR n.created_at < $9)
         AND ($10::text[] IS NULL OR EXISTS (SELECT 1 FROM trigger.jobs j
           WHERE j.environment_id = n.environment_id AND j.notification_id = n.id AND j.status::text = ANY($10::text[])))
       UNION ALL ${FAILED_TRIGGER_COLUMNS}
       WHERE f.environment_id = $1 AND ($2::text IS NULL OR f.transaction_id = $2)
         AND ($3::text[] IS NULL OR f.subscriber_ids && $3::text[]) AND ($4::text[] IS NULL OR f.channels && $4::text[])
         AND ($5::text[] IS NULL OR f.workflow_id = ANY($5::text[]) OR f.workflow_identifier = ANY($5::text[]))
         AND ($8::timestamptz IS NULL OR f.created_at >= $8) AND ($9::timestamptz IS NULL OR f.created_at < $9)
         AND ($10::text[] IS NULL OR 'failed' = ANY($10::text[]))
         AND ${NOT_PROCESSED_SINCE}
       ORDER BY "createdAt" DESC, "_id" DESC OFFSET $6 LIMIT $7`,
      [
        filter.environmentId,
        filter.transactionId ?? null,
        filter.subscriberIds ?? null,
        filter.channels ?? null,
        filter.templates ?? null,
        filter.page * filter.limit,
        filter.limit + 1,
        filter.after ?? null,
        filter.before ?? null,
        filter.statuses ?? null,
      ],
    );
    const page = rows.slice(0, filter.limit);
    return {
      data: await this.withJobs(filter.environmentId, page),
      page: filter.page,
      pageSize: filter.limit,
      hasMore: rows.length > filter.limit,
    };
  }

  async get(environmentId: string, notificationId: string): Promise<ActivityNotificationDto> {
    const rows = await sqlRows<NotificationRow>(
      this.dataSource.manager,
      `${NOTIFICATION_COLUMNS} WHERE n.environment_id = $1 AND n.id = $2
       UNION ALL ${FAILED_TRIGGER_COLUMNS} WHERE f.environment_id = $1 AND f.id = $2 AND ${NOT_PROCESSED_SINCE}`,
      [environmentId, notificationId],
    );
    if (rows.length === 0)
      throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.notificationNotFound, `notification ${notificationId} not found`);
    return (await this.withJobs(environmentId, rows))[0];
  }

  private async withJobs(environmentId: string, rows: NotificationRow[]): Promise<ActivityNotificationDto[]> {
    if (rows.length === 0) return [];
    const notifications = rows.filter((row) => row.quarantineReason === null);
    const jobs = await sqlRows<ActivityNotificationDto['jobs'][number] & { notificationId: string; stepId: string }>(
      this.dataSource.manager,
      `SELECT j.id AS "_id", j.notification_id AS "notificationId", j.step_type AS type, j.step_id AS "stepId", j.status, j.attempt, j.provider_id AS "providerId", j.digest,
              j.created_at AS "createdAt", j.updated_at AS "updatedAt",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('_id', d.id::text, '_jobId', d.job_id, 'status', d.status, 'detail', d.detail, 'source', d.source,
                  'providerId', d.provider_id, 'raw', d.raw, 'attempt', d.attempt, 'createdAt', d.occurred_at) ORDER BY d.id)
                FROM trigger.execution_details d WHERE d.environment_id = j.environment_id AND d.job_id = j.id), '[]'::jsonb) AS "executionDetails"
       FROM trigger.jobs j WHERE j.environment_id = $1 AND j.notification_id = ANY($2::uuid[]) ORDER BY j.notification_id, j.chain_order`,
      [environmentId, notifications.map((n) => n._id)],
    );
    return rows.map(({ steps, quarantineReason, failedStepType, ...notification }) => {
      if (quarantineReason !== null) {
        return failedTrigger(notification, steps[0], failedStepType ?? 'in_app', quarantineReason);
      }
      return {
        ...notification,
        createdAt: new Date(notification.createdAt).toISOString(),
        jobs: jobs
          .filter((job) => job.notificationId === notification._id)
          .map(({ notificationId: _n, stepId, ...job }) => ({
            ...job,
            step: { _id: stepId, stepId, name: steps.find((step) => step.stepId === stepId)?.name ?? stepId },
            createdAt: new Date(job.createdAt).toISOString(),
            updatedAt: new Date(job.updatedAt).toISOString(),
          })),
      };
    });
  }
}

type FailedTriggerFields = Omit<NotificationRow, 'steps' | 'quarantineReason' | 'failedStepType'>;

/** A quarantined trigger as the feed shows it: one FAILED job at its first step, the reason as its detail. */
function failedTrigger(
  row: FailedTriggerFields,
  step: { stepId: string; name: string },
  type: ActivityNotificationDto['jobs'][number]['type'],
  reason: string,
): ActivityNotificationDto {
  const at = new Date(row.createdAt).toISOString();
  return {
    ...row,
    createdAt: at,
    jobs: [
      {
        _id: row._id,
        type,
        step: { _id: step.stepId, stepId: step.stepId, name: step.name },
        status: JobStatus.FAILED,
        attempt: 1,
        providerId: null,
        digest: null,
        createdAt: at,
        updatedAt: at,
        executionDetails: [
          {
            _id: `quarantine-${row._id}`,
            _jobId: row._id,
            status: JobStatus.FAILED,
            detail: reason,
            source: 'worker',
            providerId: null,
            raw: null,
            attempt: 1,
            createdAt: at,
          },
        ],
      },
    ],
  };
}
