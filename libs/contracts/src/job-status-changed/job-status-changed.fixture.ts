import { randomUUID } from 'node:crypto';

import { JobStatus } from '../common/job-status';
import type { JobStatusChangedData } from './job-status-changed.contract';

type Outcome = Pick<
  JobStatusChangedData,
  'detail' | 'providerId' | 'integrationId' | 'providerMessageId' | 'error' | 'delivery'
>;

function outcomeFor(status: JobStatus): Outcome {
  switch (status) {
    case JobStatus.COMPLETED:
      return {
        detail: 'Message sent by nodemailer',
        providerId: 'nodemailer',
        integrationId: randomUUID(),
        providerMessageId: `<${randomUUID()}@herald.local>`,
        delivery: { channel: 'email', recipient: 'ada@example.com', messageId: randomUUID() },
      };
    case JobStatus.FAILED:
      return {
        detail: 'Provider nodemailer failed: connection refused',
        providerId: 'nodemailer',
        integrationId: randomUUID(),
        error: { code: 'provider_unavailable', message: 'connect ECONNREFUSED', retryable: true },
      };
    case JobStatus.CANCELED:
      return { detail: 'Subscriber has no email address' };
    default:
      return { detail: `Job ${status}` };
  }
}

/**
 * A valid `job.status-changed.v1` data, COMPLETED by default. The outcome fields fit the status
 * given in `overrides` (FAILED gets an error, COMPLETED a delivery); `overrides` win, shallowly.
 */
export function buildJobStatusChangedFixture(overrides: Partial<JobStatusChangedData> = {}): JobStatusChangedData {
  const status = overrides.status ?? JobStatus.COMPLETED;
  return {
    jobId: randomUUID(),
    environmentId: randomUUID(),
    transactionId: randomUUID(),
    attempt: 1,
    status,
    occurredAt: new Date().toISOString(),
    ...outcomeFor(status),
    ...overrides,
  };
}
