import { z } from 'zod';

import { attachmentRefsSchema } from '../common/attachment.schema';
import { type DeliveryChannel, deliveryChannelSchema } from '../common/channel.schema';
import { CONTRACT_LIMITS } from '../common/limits';
import {
  attemptSchema,
  boundedString,
  idSchema,
  isoDateTimeSchema,
  jsonRecordSchema,
  nameSchema,
  transactionIdSchema,
} from '../common/primitives.schema';
import { actorSnapshotSchema, subscriberSnapshotSchema } from '../common/subscriber.schema';
import { tenantRefSchema } from '../common/tenant.schema';
import { workflowRefSchema } from '../common/workflow.schema';
import { deliveryKeySchema } from './delivery-key';

/**
 * Routing keys trigger-worker → runners, one per delivery channel. Segments are kebab-case, so
 * `in_app` routes as `in-app`.
 */
export const JOB_DISPATCH_ROUTING_KEYS = {
  email: 'job.dispatch.email.v1',
  sms: 'job.dispatch.sms.v1',
  push: 'job.dispatch.push.v1',
  chat: 'job.dispatch.chat.v1',
  in_app: 'job.dispatch.in-app.v1',
} as const satisfies Record<DeliveryChannel, string>;
/** One of the dispatch routing keys. */
export type JobDispatchRoutingKey = (typeof JOB_DISPATCH_ROUTING_KEYS)[DeliveryChannel];

/** The dispatch routing key of `channel`. Throws on a value that is not a delivery channel. */
export function jobDispatchRoutingKey<C extends DeliveryChannel>(channel: C): (typeof JOB_DISPATCH_ROUTING_KEYS)[C] {
  if (!Object.hasOwn(JOB_DISPATCH_ROUTING_KEYS, channel)) {
    throw new TypeError(`not a delivery channel: ${String(channel)}`);
  }
  return JOB_DISPATCH_ROUTING_KEYS[channel];
}

/** The channel a dispatch routing key serves, or undefined for any other key. */
export function jobDispatchChannel(routingKey: string): DeliveryChannel | undefined {
  const entry = Object.entries(JOB_DISPATCH_ROUTING_KEYS).find(([, key]) => key === routingKey);
  return entry?.[0] as DeliveryChannel | undefined;
}

/** One merged event of a digest, in arrival order. */
export const digestEventSchema = z.object({
  /** The id of the event's job. */
  id: idSchema,
  createdAt: isoDateTimeSchema,
  payload: jsonRecordSchema,
});
export type DigestEvent = z.infer<typeof digestEventSchema>;

/** What a step after a digest receives: templates see `step.digest`, `step.events`, `step.total_count`. */
export const digestBatchSchema = z
  .object({
    events: z
      .array(digestEventSchema)
      .min(1, 'must carry at least the digesting event')
      .max(CONTRACT_LIMITS.maxDigestEvents, `must carry at most ${CONTRACT_LIMITS.maxDigestEvents} events`),
    /** Every event of the digest, including any not carried in `events`. */
    totalCount: z.number().int('must be an integer').min(1),
  })
  .refine((digest) => digest.totalCount >= digest.events.length, {
    path: ['totalCount'],
    message: 'must be at least the number of events carried',
  });
export type DigestBatch = z.infer<typeof digestBatchSchema>;

/**
 * The data of `job.dispatch.<channel>.v1`: everything a runner needs to render and deliver one
 * job, so it never reads another service's data (integrations aside, fetched over RPC).
 */
export const jobDispatchDataSchema = z.object({
  jobId: idSchema,
  notificationId: idSchema,
  transactionId: transactionIdSchema,
  environmentId: idSchema,
  organizationId: idSchema,
  /** 1 on the first dispatch; the worker increments it for every retry. */
  attempt: attemptSchema,
  /** See `computeDeliveryKey`: identical across attempts and failover. */
  deliveryKey: deliveryKeySchema,
  workflow: workflowRefSchema,
  step: z.object({
    stepId: boundedString(100),
    name: nameSchema,
    type: deliveryChannelSchema,
    /** The step's template controls (subject, body, ...) before rendering. */
    controlValues: jsonRecordSchema,
  }),
  subscriber: subscriberSnapshotSchema,
  payload: jsonRecordSchema,
  overrides: jsonRecordSchema,
  actor: actorSnapshotSchema.optional(),
  tenant: tenantRefSchema.optional(),
  /** Present when a digest step precedes this one. */
  digest: digestBatchSchema.optional(),
  attachments: attachmentRefsSchema,
});
export type JobDispatchData = z.infer<typeof jobDispatchDataSchema>;

/** `jobDispatchDataSchema` for one channel's routing key: a step of another channel is rejected. */
export function jobDispatchDataSchemaFor(channel: DeliveryChannel) {
  return jobDispatchDataSchema.refine((data) => data.step.type === channel, {
    path: ['step', 'type'],
    message: `must be "${channel}" on ${JOB_DISPATCH_ROUTING_KEYS[channel]}`,
  });
}
