import {
  jobStatusSchema,
  workerActivityJobSchema,
  workerNotificationSchema,
  workerOffsetPageSchema,
} from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';

/** Novu's `ExecutionDetailsResponseDto` as Herald answers it; `jobStatus` keeps Herald's exact status. */
export const executionDetailResponseSchema = z
  .object({
    _id: z.string(),
    _jobId: z.string(),
    createdAt: z.string(),
    status: z.enum(['Success', 'Failed', 'Pending', 'Queued', 'Warning']),
    jobStatus: jobStatusSchema,
    detail: z.string(),
    source: z.literal('Internal'),
    providerId: z.string().optional(),
    raw: z.string().nullable(),
    attempt: z.number().int(),
    isRetry: z.boolean(),
    isTest: z.boolean(),
  })
  .openapi('ExecutionDetailsResponseDto');

/** A job of the activity feed: Novu's `ActivityNotificationJobResponseDto`. */
export const activityJobResponseSchema = workerActivityJobSchema
  .omit({ digest: true, providerId: true, step: true, executionDetails: true })
  .extend({
    providerId: z.string().openapi({ description: 'Novu’s provider id; `novu` when the job has none Novu knows' }),
    step: z.object({
      _id: z.string(),
      stepId: z.string(),
      name: z.string(),
      active: z.boolean(),
      filters: z.array(z.unknown()),
      _templateId: z.string(),
    }),
    digest: z
      .object({
        type: z.literal('regular'),
        events: z.array(z.record(z.string(), z.unknown())),
        totalCount: z.number(),
      })
      .optional(),
    executionDetails: z.array(executionDetailResponseSchema),
  })
  .openapi('ActivityNotificationJobResponseDto');

const subscriber = workerNotificationSchema.shape.subscriber.shape;

/** Novu's `ActivityNotificationResponseDto`, plus Herald's extras; the mapper's return type is inferred from it. */
export const activityNotificationResponseSchema = workerNotificationSchema
  .omit({ subscriber: true, jobs: true })
  .extend({
    updatedAt: z.string(),
    subscriber: z.object({
      _id: subscriber._id,
      subscriberId: subscriber.subscriberId,
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
    }),
    jobs: z.array(activityJobResponseSchema),
  })
  .openapi('ActivityNotificationResponseDto');
export type ActivityNotificationResponse = z.infer<typeof activityNotificationResponseSchema>;

/** `GET /v1/notifications`: 0-based pages. */
export const activityPageSchema = workerOffsetPageSchema(activityNotificationResponseSchema);

/** `GET /v1/notifications/:notificationId`. */
export const activityEnvelopeSchema = z.object({ data: activityNotificationResponseSchema });
