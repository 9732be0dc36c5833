import type { ActivityJob, ActivityNotification, JobStatus } from '../api/activity.types';

/** Statuses after which a job never changes again (but for a canceled digest's successor). */
const SETTLED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'canceled', 'merged', 'skipped']);

export type NotificationState = 'in progress' | 'delivered' | 'merged' | 'failed' | 'canceled' | 'skipped';

/** One status change of a step, ready to show. */
export interface TimelineEntry {
  at: string;
  status: JobStatus;
  text: string;
  provider?: string;
  attempt: number;
  isRetry: boolean;
  /** When a delay or digest window fires, read from the worker's detail. */
  firesAt?: string;
  raw: string | null;
}

/** One step's job: what it is, where it stands, and every change it went through. */
export interface TimelineStep {
  jobId: string;
  name: string;
  type: string;
  status: JobStatus;
  settled: boolean;
  provider?: string;
  attempts: number;
  digestedEvents?: number;
  entries: TimelineEntry[];
}

export interface NotificationTimeline {
  receivedAt: string;
  state: NotificationState;
  steps: TimelineStep[];
}

/** The ISO instant a worker detail names as its fire time ("Delayed … until 2026-…Z"). */
export function fireTime(detail: string): string | undefined {
  return /until (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/.exec(detail)?.[1];
}

/** `novu` is the activity shape's stand-in for "no provider": not worth showing. */
function providerOf(providerId: string | undefined): string | undefined {
  return providerId && providerId !== 'novu' ? providerId : undefined;
}

function stepOf(job: ActivityJob): TimelineStep {
  const entries = job.executionDetails.map((detail): TimelineEntry => ({
    at: detail.createdAt,
    status: detail.jobStatus,
    text: detail.detail,
    provider: providerOf(detail.providerId),
    attempt: detail.attempt,
    isRetry: detail.isRetry,
    firesAt: detail.jobStatus === 'delayed' ? fireTime(detail.detail) : undefined,
    raw: detail.raw,
  }));
  return {
    jobId: job._id,
    name: job.step.name,
    type: job.type,
    status: job.status,
    settled: SETTLED.has(job.status),
    provider: providerOf(job.providerId) ?? [...entries].reverse().find((entry) => entry.provider)?.provider,
    attempts: job.attempt,
    digestedEvents: job.digest?.totalCount,
    entries,
  };
}

/** Where a notification stands, from its jobs. */
export function notificationState(jobs: readonly Pick<ActivityJob, 'status'>[]): NotificationState {
  if (jobs.some((job) => job.status === 'failed')) return 'failed';
  if (jobs.some((job) => !SETTLED.has(job.status))) return 'in progress';
  if (jobs.length > 0 && jobs.every((job) => job.status === 'canceled')) return 'canceled';
  // A digest follower: its events went out with the digesting notification.
  if (jobs.some((job) => job.status === 'merged')) return 'merged';
  if (jobs.length > 0 && jobs.every((job) => job.status === 'skipped' || job.status === 'canceled')) return 'skipped';
  return 'delivered';
}

/** The notification's story, oldest first: the trigger, then each step's job in chain order. */
export function notificationTimeline(notification: ActivityNotification): NotificationTimeline {
  return {
    receivedAt: notification.createdAt,
    state: notificationState(notification.jobs),
    steps: notification.jobs.map(stepOf),
  };
}
