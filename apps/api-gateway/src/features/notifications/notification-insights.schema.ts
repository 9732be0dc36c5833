import { deliveryChannelSchema, jobStatusSchema, throughputSeriesSchema } from '@herald/contracts';

import { intQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { z } from '../../core/openapi/openapi-zod';

/** `GET /v1/notifications/throughput`: how many minutes back (the current one included). */
export const throughputQuerySchema = z.object({ minutes: intQuery(5, 180).default(60) });
export type ThroughputQuery = z.output<typeof throughputQuerySchema>;

/** Triggers, deliveries and failures per minute, oldest first, every minute present. */
export const throughputEnvelopeSchema = z.object({ data: throughputSeriesSchema });

/**
 * A channel job's content re-rendered from the stored trigger (payload, workflow version) and the
 * subscriber's current profile: `content` as the runner renders it (an email's `body` is its HTML
 * inside its layout), or `error` when the template does not render (it failed at send time too).
 */
export const sentContentEnvelopeSchema = z.object({
  data: z.object({
    notificationId: z.string(),
    jobId: z.string(),
    channel: deliveryChannelSchema,
    status: jobStatusSchema,
    step: z.object({ stepId: z.string(), name: z.string() }),
    workflow: z.object({ identifier: z.string(), version: z.number().int() }),
    content: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ code: z.string(), message: z.string(), control: z.string() }).nullable(),
    /** False when the subscriber was deleted since: the content rendered without their profile. */
    subscriberFound: z.boolean(),
  }),
});
export type SentContentEnvelope = z.infer<typeof sentContentEnvelopeSchema>;
