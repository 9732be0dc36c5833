import { z } from 'zod';

import { deliveryChannelSchema } from '../common/channel.schema';
import { jobStatusSchema } from '../common/job-status';
import { idSchema, isoDateTimeSchema, jsonRecordSchema, transactionIdSchema } from '../common/primitives.schema';
import { actorSnapshotSchema } from '../common/subscriber.schema';
import { tenantRefSchema } from '../common/tenant.schema';
import { workflowRefSchema } from '../common/workflow.schema';
import { digestBatchSchema } from '../job-dispatch/job-dispatch.contract';
import { RpcMethodContract, workerRpcScope } from './trigger-worker-rpc';

/** One minute of the throughput series. */
export const throughputPointSchema = z.object({
  /** The minute's start. */
  at: isoDateTimeSchema,
  /** Triggers accepted (events stored: one per trigger or broadcast, whatever its audience). */
  triggers: z.number().int().min(0),
  /** Channel jobs a runner reported delivered. */
  deliveries: z.number().int().min(0),
  /** Jobs that reached `failed` (after their last retry), any step. */
  failures: z.number().int().min(0),
});
export type ThroughputPoint = z.infer<typeof throughputPointSchema>;

/** The last `minutes` whole minutes and the current one, oldest first, every minute present (zeros included). */
export const throughputSeriesSchema = z.object({
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  bucketSeconds: z.literal(60),
  points: z.array(throughputPointSchema),
});
export type ThroughputSeries = z.infer<typeof throughputSeriesSchema>;

/** One delivery outcome a runner reported for an integration. */
export const integrationOutcomeSchema = z.object({
  notificationId: z.string(),
  transactionId: transactionIdSchema,
  subscriberId: z.string(),
  status: z.enum(['delivered', 'failed']),
  /** The runner's sentence (the provider's explanation of a failure). */
  detail: z.string(),
  errorCode: z.string().nullable(),
  at: isoDateTimeSchema,
});

/** What the runners reported for one integration over the window. */
export const integrationDeliveryStatsSchema = z.object({
  integrationId: idSchema,
  /** Attempts the provider accepted. */
  delivered: z.number().int().min(0),
  /** Attempts that ended in an error, retried afterwards or not. */
  failed: z.number().int().min(0),
  /** The newest outcomes, newest first. */
  recent: z.array(integrationOutcomeSchema),
});
export type IntegrationDeliveryStats = z.infer<typeof integrationDeliveryStatsSchema>;

/** The stored input of one channel job's content: rendering it gives what was sent. */
export const jobContentInputSchema = z.object({
  jobId: z.string(),
  notificationId: z.string(),
  channel: deliveryChannelSchema,
  status: jobStatusSchema,
  step: z.object({ stepId: z.string(), name: z.string(), controlValues: jsonRecordSchema }),
  workflow: workflowRefSchema,
  payload: jsonRecordSchema,
  /** The subscriber's profile as stored now, without channel credentials; null once deleted. */
  subscriber: actorSnapshotSchema.nullable(),
  actor: actorSnapshotSchema.nullable(),
  tenant: tenantRefSchema.nullable(),
  /** The batch a step after a digest rendered. */
  digest: digestBatchSchema.nullable(),
});
export type JobContentInput = z.infer<typeof jobContentInputSchema>;

/** The console's figures (throughput, per-integration outcomes) and the input of a sent job's content, by name. */
export const INSIGHTS_RPC = {
  /** Triggers, deliveries and failures per minute, over the last `minutes` minutes. */
  'insights.throughput.v1': {
    request: z.object({ ...workerRpcScope, minutes: z.number().int().min(5).max(180).default(60) }),
    response: throughputSeriesSchema,
  },
  /** Per integration the runners named, over the last `hours` hours: delivered and failed attempts, and the newest outcomes. */
  'insights.integration-deliveries.v1': {
    request: z.object({
      ...workerRpcScope,
      hours: z.number().int().min(1).max(168).default(24),
      recent: z.number().int().min(0).max(20).default(5),
    }),
    response: z.object({
      from: isoDateTimeSchema,
      to: isoDateTimeSchema,
      data: z.array(integrationDeliveryStatsSchema),
    }),
  },
  /** What one channel job of a notification was rendered from (not_found for another step type or environment). */
  'notifications.job-content-input.v1': {
    request: z.object({ ...workerRpcScope, notificationId: z.string().uuid(), jobId: z.string().uuid() }),
    response: jobContentInputSchema,
  },
} as const satisfies Record<string, RpcMethodContract>;
