import { createHash } from 'node:crypto';

import {
  CONTRACT_LIMITS,
  type ContractMessage,
  createContractMessage,
  JOB_STATUS_CHANGED_V1,
  type JobDispatchData,
  JobStatus,
  type JobStatusChangedData,
} from '@herald/contracts';

import type { JobOutcome } from './job-outcome';

/** A `job.status-changed.v1` message ready for the outbox. */
export type StatusEvent = ContractMessage<typeof JOB_STATUS_CHANGED_V1>;

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A deterministic envelope id for the status `status` of the job's attempt: when a crash makes a
 * runner write the same event twice, the worker's ledger sees one id and applies it once.
 */
export function statusEventId(
  job: Pick<JobDispatchData, 'deliveryKey' | 'jobId' | 'attempt'>,
  status: JobStatus,
): string {
  const hex = createHash('sha256').update(`${job.deliveryKey}|${job.jobId}|${job.attempt}|${status}`).digest('hex');
  // RFC 9562 layout: version 8 (custom), variant 10xx.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** RUNNING: the runner took the job's attempt. */
export function runningEvent(job: JobDispatchData, service: string, resend: boolean): StatusEvent {
  const detail = resend
    ? `${service} resumes attempt ${job.attempt} (an earlier send's outcome is unknown; same delivery key)`
    : `${service} started attempt ${job.attempt}`;
  return event(job, { status: JobStatus.RUNNING, detail });
}

/** The attempt's outcome: COMPLETED with provider and message ids, FAILED with the error, or CANCELED. */
export function outcomeEvent(job: JobDispatchData, outcome: JobOutcome): StatusEvent {
  switch (outcome.status) {
    case 'completed':
      return event(job, {
        status: JobStatus.COMPLETED,
        detail: outcome.detail,
        providerId: clip(outcome.providerId, 64),
        integrationId: outcome.integrationId,
        ...(outcome.providerMessageId ? { providerMessageId: clip(outcome.providerMessageId, 1000) } : {}),
        delivery: {
          channel: job.step.type,
          recipient: safeRecipient(outcome.recipient, job),
          ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
        },
      });
    case 'failed':
      return event(job, {
        status: JobStatus.FAILED,
        detail: outcome.detail,
        ...(outcome.providerId ? { providerId: clip(outcome.providerId, 64) } : {}),
        ...(outcome.integrationId ? { integrationId: outcome.integrationId } : {}),
        error: {
          code: clip(outcome.error.code, 100),
          message: clip(outcome.error.message, CONTRACT_LIMITS.maxDetailLength),
          retryable: outcome.error.retryable,
          ...(outcome.error.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.error.retryAfterMs }),
        },
      });
    case 'canceled':
      return event(job, { status: JobStatus.CANCELED, detail: outcome.detail });
  }
}

function event(
  job: JobDispatchData,
  fields: Pick<JobStatusChangedData, 'status' | 'detail'> & Partial<JobStatusChangedData>,
): StatusEvent {
  const data: JobStatusChangedData = {
    jobId: job.jobId,
    environmentId: job.environmentId,
    transactionId: job.transactionId,
    attempt: job.attempt,
    occurredAt: new Date().toISOString(),
    ...fields,
    detail: clip(fields.detail, CONTRACT_LIMITS.maxDetailLength) || fields.status,
  };
  return createContractMessage(JOB_STATUS_CHANGED_V1, data, { id: statusEventId(job, fields.status) });
}

/** The recipient as the contract allows it: bounded, never a URL (falls back to the subscriberId). */
function safeRecipient(recipient: string, job: JobDispatchData): string {
  const value = clip(recipient.trim(), 320);
  return value && !URL_LIKE.test(value) ? value : job.subscriber.subscriberId;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
