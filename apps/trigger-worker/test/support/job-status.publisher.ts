import {
  type JobDispatchData,
  type JobError,
  JobStatus,
  type JobStatusChangedData,
  jobStatusChangedDataSchema,
} from '@herald/contracts';

/** What a test says about a runner's report; the rest is derived from the dispatch. */
export interface JobStatusInput {
  status: JobStatus;
  detail?: string;
  /** Defaults to the dispatch's attempt. */
  attempt?: number;
  error?: JobError;
  /** The integration the runner names with a completion or a failure. */
  integrationId?: string;
}

/**
 * The `job.status-changed.v1` data a runner would send for `dispatch`, validated with the
 * contract's schema (so a test can never play a report a real runner could not send).
 */
export function buildJobStatus(dispatch: JobDispatchData, input: JobStatusInput): JobStatusChangedData {
  const data: JobStatusChangedData = {
    jobId: dispatch.jobId,
    environmentId: dispatch.environmentId,
    transactionId: dispatch.transactionId,
    attempt: input.attempt ?? dispatch.attempt,
    status: input.status,
    occurredAt: new Date().toISOString(),
    detail: input.detail ?? `Runner reports ${input.status}`,
    ...(input.integrationId ? { integrationId: input.integrationId } : {}),
    ...(input.status === JobStatus.FAILED
      ? {
          error: input.error ?? { code: 'provider_unavailable', message: 'connect ECONNREFUSED', retryable: true },
          providerId: 'test-provider',
        }
      : {}),
    ...(input.status === JobStatus.COMPLETED
      ? {
          providerId: 'test-provider',
          providerMessageId: `msg-${dispatch.jobId}`,
          delivery: { channel: dispatch.step.type, recipient: dispatch.subscriber.subscriberId },
        }
      : {}),
  };
  return jobStatusChangedDataSchema.parse(data);
}
