/** The parts of `GET /v1/notifications` the console reads (Novu's activity shape, plus Herald's extras). */

export type JobStatus =
  'pending' | 'queued' | 'running' | 'completed' | 'failed' | 'delayed' | 'canceled' | 'merged' | 'skipped';

export interface ExecutionDetail {
  _id: string;
  createdAt: string;
  /** The job status this change reached. */
  jobStatus: JobStatus;
  detail: string;
  providerId?: string;
  raw: string | null;
  attempt: number;
  isRetry: boolean;
}

export interface ActivityJob {
  _id: string;
  type: string;
  status: JobStatus;
  attempt: number;
  providerId: string;
  createdAt: string;
  updatedAt: string;
  step: { stepId: string; name: string };
  digest?: { events: unknown[]; totalCount: number };
  executionDetails: ExecutionDetail[];
}

export interface ActivityNotification {
  _id: string;
  transactionId: string;
  channels: string[];
  createdAt: string;
  updatedAt: string;
  duplicateTriggers: number;
  payload?: Record<string, unknown>;
  subscriber: { subscriberId: string; firstName?: string; lastName?: string; email?: string; phone?: string };
  template: { _id: string; name: string; triggers: { identifier: string }[] };
  jobs: ActivityJob[];
}

export interface ActivityPage {
  data: ActivityNotification[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** `GET /v1/environments/me`: which environment the key belongs to. */
export interface EnvironmentInfo {
  _id: string;
  name: string;
}

/** Filters of the activity list, as the console keeps them in its URL (never the key). */
export interface ActivityFilters {
  workflow?: string;
  subscriberId?: string;
  transactionId?: string;
  channel?: string;
  /** A job status some step of the notification is in (`failed`, `delayed`, …). */
  status?: string;
  /** Created at or after / before, ISO instants. */
  after?: string;
  before?: string;
}
