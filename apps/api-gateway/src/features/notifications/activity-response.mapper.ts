import { JobStatus, type WorkerNotification } from '@herald/contracts';

import { ActivityNotificationResponse } from './activity-response.schema';
import { NOVU_PROVIDER_IDS } from './novu-provider-ids';

type WorkerJob = WorkerNotification['jobs'][number];
type WorkerDetail = WorkerJob['executionDetails'][number];

/** Novu's execution-detail statuses for Herald's job statuses (the exact one stays in `jobStatus`). */
const DETAIL_STATUS: Readonly<Record<JobStatus, 'Success' | 'Failed' | 'Pending' | 'Queued' | 'Warning'>> = {
  [JobStatus.PENDING]: 'Pending',
  [JobStatus.QUEUED]: 'Queued',
  [JobStatus.RUNNING]: 'Queued',
  [JobStatus.COMPLETED]: 'Success',
  [JobStatus.FAILED]: 'Failed',
  [JobStatus.DELAYED]: 'Pending',
  [JobStatus.CANCELED]: 'Warning',
  [JobStatus.MERGED]: 'Pending',
  [JobStatus.SKIPPED]: 'Warning',
};

/**
 * The SDK requires a provider on every job; a job that has none (an action step, a channel step not
 * delivered yet) or whose provider Novu does not know shows Novu's own id.
 */
const FALLBACK_PROVIDER_ID = 'novu';

/** A notification as `GET /v1/notifications` answers it: Novu's `ActivityNotificationResponseDto`, plus Herald's extras. */
export function toActivityNotificationResponse(notification: WorkerNotification): ActivityNotificationResponse {
  const { subscriber, jobs, ...rest } = notification;
  return {
    ...rest,
    updatedAt: latest(
      notification.createdAt,
      jobs.map((job) => job.updatedAt),
    ),
    // The SDK takes absent, not null, for a subscriber's missing fields.
    subscriber: withoutNulls(subscriber),
    jobs: jobs.map((job) => toJobResponse(job, notification._templateId)),
  };
}

function toJobResponse(job: WorkerJob, templateId: string) {
  const { digest, providerId, step, executionDetails, ...rest } = job;
  return {
    ...rest,
    providerId: providerId && NOVU_PROVIDER_IDS.has(providerId) ? providerId : FALLBACK_PROVIDER_ID,
    step: { _id: step._id, stepId: step.stepId, name: step.name, active: true, filters: [], _templateId: templateId },
    // Herald does not keep the digest's type on the job; the batch (events, totalCount) is what a post-digest step rendered.
    ...(isDigestBatch(digest)
      ? { digest: { type: 'regular' as const, events: digest.events, totalCount: digest.totalCount } }
      : {}),
    executionDetails: executionDetails.map(toExecutionDetailResponse),
  };
}

/** One execution detail in Novu's `ExecutionDetailsResponseDto` shape (its ids are added by the caller that has them). */
export function toExecutionDetailResponse(detail: WorkerDetail) {
  return {
    _id: detail._id,
    _jobId: detail._jobId,
    createdAt: detail.createdAt,
    status: DETAIL_STATUS[detail.status],
    jobStatus: detail.status,
    detail: detail.detail,
    source: 'Internal' as const,
    ...(detail.providerId && NOVU_PROVIDER_IDS.has(detail.providerId) ? { providerId: detail.providerId } : {}),
    raw:
      detail.raw === null || detail.raw === undefined
        ? null
        : typeof detail.raw === 'string'
          ? detail.raw
          : JSON.stringify(detail.raw),
    attempt: detail.attempt,
    isRetry: detail.attempt > 1,
    isTest: false,
  };
}

function isDigestBatch(value: unknown): value is { events: Record<string, unknown>[]; totalCount: number } {
  return value !== null && typeof value === 'object' && Array.isArray((value as { events?: unknown }).events);
}

function withoutNulls<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}

function latest(first: string, others: string[]): string {
  return others.reduce((max, at) => (at > max ? at : max), first);
}
