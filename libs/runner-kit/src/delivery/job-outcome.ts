import type { JobError } from '@herald/contracts';

/** A successful delivery. */
export interface CompletedOutcome {
  status: 'completed';
  integrationId: string;
  providerId: string;
  providerMessageId?: string;
  /** Herald's id of what was stored (the inbox message). */
  messageId?: string;
  /** Address or identifier delivered to (never a token or URL). */
  recipient: string;
  detail: string;
}

/** A failed attempt; the worker decides about retries from `error.retryable`. */
export interface FailedOutcome {
  status: 'failed';
  error: JobError;
  integrationId?: string;
  providerId?: string;
  detail: string;
}

/** The job cannot be delivered at all (the subscriber lacks an address, token or webhook). */
export interface CanceledOutcome {
  status: 'canceled';
  detail: string;
}

/** What one attempt of a job came to. */
export type JobOutcome = CompletedOutcome | FailedOutcome | CanceledOutcome;
