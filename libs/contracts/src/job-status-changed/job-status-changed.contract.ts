import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { JobStatus, jobStatusSchema } from '../common/job-status';
import { CONTRACT_LIMITS } from '../common/limits';
import {
  attemptSchema,
  boundedString,
  idSchema,
  isoDateTimeSchema,
  transactionIdSchema,
} from '../common/primitives.schema';

/** Routing key: runners → trigger-worker, one message per status a job reaches. */
export const JOB_STATUS_CHANGED_V1 = 'job.status-changed.v1' as const;

/** Why an attempt failed. `retryable` is the runner's explicit verdict; the worker decides what follows. */
export const jobErrorSchema = z.object({
  /** Stable, machine-readable (`provider_rate_limited`, `template_error`, a provider's code). */
  code: boundedString(100),
  /** For the activity feed; never a credential, token or payload. */
  message: boundedString(CONTRACT_LIMITS.maxDetailLength),
  retryable: z.boolean(),
  /**
   * How long the provider asked to be left alone (429/503 `Retry-After`, Telegram's `retry_after`),
   * in ms: the worker waits at least this long before the next attempt. Optional: old runners omit it.
   */
  retryAfterMs: z.number().int().min(0).max(CONTRACT_LIMITS.maxRetryAfterMs).optional(),
});
export type JobError = z.infer<typeof jobErrorSchema>;

/** A URL as recipient is refused: chat webhook URLs are credentials. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Where a message went, for the messages read model. */
export const deliveryRecordSchema = z.object({
  channel: deliveryChannelSchema,
  /**
   * The address or identifier delivered to (email address, phone number, subscriberId,
   * chat channel name); never a credential such as a device token or webhook URL.
   */
  recipient: boundedString(320).refine((value) => !URL_LIKE.test(value), {
    message: 'must be an address or identifier, not a URL (webhook URLs are credentials)',
  }),
  /** Herald's id of the delivered message (the inbox message for in-app). */
  messageId: idSchema.optional(),
});
export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

/**
 * The data of `job.status-changed.v1`. Runners send RUNNING, then one outcome: COMPLETED,
 * FAILED (with `error`) or CANCELED (with the reason in `detail`). The schema accepts every
 * status so tests can play the worker's side as well.
 */
export const jobStatusChangedDataSchema = z
  .object({
    jobId: idSchema,
    environmentId: idSchema,
    transactionId: transactionIdSchema,
    /** The attempt this status belongs to, copied from the dispatch (late events are recognisable). */
    attempt: attemptSchema,
    status: jobStatusSchema,
    occurredAt: isoDateTimeSchema,
    /** One human line for the activity feed's execution details. */
    detail: boundedString(CONTRACT_LIMITS.maxDetailLength),
    providerId: boundedString(64).optional(),
    integrationId: idSchema.optional(),
    providerMessageId: boundedString(1000).optional(),
    error: jobErrorSchema.optional(),
    delivery: deliveryRecordSchema.optional(),
  })
  .superRefine((data, ctx) => {
    if (data.status === JobStatus.FAILED && data.error === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['error'], message: 'is required when status is "failed"' });
    }
    if (data.status !== JobStatus.FAILED && data.error !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['error'],
        message: `is only allowed when status is "failed" (got "${data.status}")`,
      });
    }
  });
export type JobStatusChangedData = z.infer<typeof jobStatusChangedDataSchema>;
