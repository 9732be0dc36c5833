import { Inject, Injectable } from '@nestjs/common';
import { RpcError, TRIGGER_WORKER_RPC_ERRORS, type WorkerNotification } from '@herald/contracts';
import { DATA_SOURCE } from '@herald/persistence';
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
}

/** A notification with its jobs and their execution details, in Novu's activity shape: `workerNotificationSchema`. */
export type ActivityNotificationDto = WorkerNotification;

const NOTIFICATION_SQL = `
  SELECT n.id AS "_id", n.environment_id AS "_environmentId", n.organization_id AS "_organizationId", n.subscriber_pk AS "_subscriberId",
         n.workflow_id AS "_templateId", n.transaction_id AS "transactionId", n.channels, n.created_at AS "createdAt", e.payload, e.duplicates AS "duplicateTriggers",
         jsonb_build_object('_id', n.subscriber_pk, 'subscriberId', n.subscriber_id, 'firstName', s.first_name, 'lastName', s.last_name, 'email', s.email, 'phone', s.phone) AS subscriber,
         jsonb_build_object('_id', n.workflow_id, 'name', e.workflow->>'name', 'triggers', jsonb_build_array(jsonb_build_object('type', 'event', 'identifier', n.workflow_identifier, 'variables', '[]'::jsonb))) AS template,
         e.workflow->'steps' AS steps
  FROM trigger.notifications n
  JOIN trigger.events e ON e.id = n.event_id AND e.environment_id = n.environment_id
  LEFT JOIN trigger.subscribers s ON s.id = n.subscriber_pk AND s.environment_id = n.environment_id`;

type NotificationRow = Omit<ActivityNotificationDto, 'jobs' | 'createdAt'> & { createdAt: Date; steps: { stepId: string; name: string }[] };

/** Reads the activity feed: notifications newest first, each with its jobs and details. */
@Injectable()
export class ActivityQuery {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(filter: ActivityFilter): Promise<{ data: ActivityNotificationDto[]; page: number; pageSize: number; hasMore: boolean }> {
    const rows = await sqlRows<NotificationRow>(
      this.dataSource.manager,
      `${NOTIFICATION_SQL}
       WHERE n.environment_id = $1 AND ($2::text IS NULL OR n.transaction_id = $2) AND ($3::text[] IS NULL OR n.subscriber_id = ANY($3::text[]))
         AND ($4::text[] IS NULL OR n.channels && $4::text[]) AND ($5::text[] IS NULL OR n.workflow_id = ANY($5::text[]) OR n.workflow_identifier = ANY($5::text[]))
       ORDER BY n.created_at DESC, n.id DESC OFFSET $6 LIMIT $7`,
      [filter.environmentId, filter.transactionId ?? null, filter.subscriberIds ?? null, filter.channels ?? null, filter.templates ?? null, filter.page * filter.limit, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    return { data: await this.withJobs(filter.environmentId, page), page: filter.page, pageSize: filter.limit, hasMore: rows.length > filter.limit };
  }

  async get(environmentId: string, notificationId: string): Promise<ActivityNotificationDto> {
    const rows = await sqlRows<NotificationRow>(this.dataSource.manager, `${NOTIFICATION_SQL} WHERE n.environment_id = $1 AND n.id = $2`, [environmentId, notificationId]);
    if (rows.length === 0) throw new RpcError(TRIGGER_WORKER_RPC_ERRORS.notificationNotFound, `notification ${notificationId} not found`);
    return (await this.withJobs(environmentId, rows))[0];
  }

  private async withJobs(environmentId: string, notifications: NotificationRow[]): Promise<ActivityNotificationDto[]> {
    if (notifications.length === 0) return [];
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
    return notifications.map(({ steps, ...notification }) => ({
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
    }));
  }
}
