import { z } from 'zod';

import { deliveryChannelSchema, stepTypeSchema } from '../common/channel.schema';
import { jobStatusSchema } from '../common/job-status';
import { idSchema, isoDateTimeSchema, jsonRecordSchema, transactionIdSchema } from '../common/primitives.schema';
import { RpcMethodContract, workerOffsetPageSchema, workerRpcScope } from './trigger-worker-rpc';

/** One status change of a job (the activity feed's execution details); `status` is the job status reached. */
export const workerExecutionDetailSchema = z.object({
  _id: z.string(),
  _jobId: z.string(),
  status: jobStatusSchema,
  detail: z.string(),
  source: z.enum(['worker', 'runner']),
  providerId: z.string().nullable(),
  raw: z.unknown(),
  attempt: z.number().int(),
  createdAt: z.string(),
});

/** A job of a notification, in chain order. `digest` is the batch a post-digest job renders. */
export const workerActivityJobSchema = z.object({
  _id: z.string(),
  type: stepTypeSchema,
  step: z.object({ _id: z.string(), stepId: z.string(), name: z.string() }),
  status: jobStatusSchema,
  attempt: z.number().int(),
  providerId: z.string().nullable(),
  digest: z.unknown(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  executionDetails: z.array(workerExecutionDetailSchema),
});

/** A notification with its jobs and their execution details (Novu's activity shape, as stored). */
export const workerNotificationSchema = z.object({
  _id: z.string(),
  _environmentId: idSchema,
  _organizationId: idSchema,
  /** The worker's subscriber row id. */
  _subscriberId: z.string(),
  /** The gateway's workflow id. */
  _templateId: z.string(),
  transactionId: transactionIdSchema,
  channels: z.array(z.string()),
  createdAt: isoDateTimeSchema,
  payload: jsonRecordSchema,
  /** Triggers refused because they reused this transactionId. */
  duplicateTriggers: z.number().int().min(0),
  /** `null` fields when the subscriber was deleted since. */
  subscriber: z.object({
    _id: z.string(),
    subscriberId: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  template: z.object({
    _id: z.string(),
    name: z.string(),
    triggers: z.array(z.object({ type: z.literal('event'), identifier: z.string(), variables: z.array(z.unknown()) })),
  }),
  jobs: z.array(workerActivityJobSchema),
});
export type WorkerNotification = z.infer<typeof workerNotificationSchema>;

/** The activity methods (`GET /v1/notifications`, `GET /v1/notifications/:id`), by name. */
export const NOTIFICATIONS_RPC = {
  /** Newest first; `page` is 0-based; every filter given must match. */
  'notifications.list.v1': {
    request: z.object({
      ...workerRpcScope,
      page: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(50).default(10),
      transactionId: transactionIdSchema.optional(),
      subscriberIds: z.array(idSchema).max(100).optional(),
      channels: z.array(deliveryChannelSchema).max(5).optional(),
      /** Workflow ids or identifiers. */
      templates: z.array(idSchema).max(100).optional(),
      /** Created at or after this instant. */
      after: isoDateTimeSchema.optional(),
      /** Created before this instant. */
      before: isoDateTimeSchema.optional(),
      /** Notifications with a job in one of these statuses (a quarantined trigger counts as failed). */
      statuses: z.array(jobStatusSchema).max(9).optional(),
    }),
    response: workerOffsetPageSchema(workerNotificationSchema),
  },
  'notifications.get.v1': {
    request: z.object({ ...workerRpcScope, notificationId: z.string().uuid() }),
    response: workerNotificationSchema,
  },
} as const satisfies Record<string, RpcMethodContract>;
