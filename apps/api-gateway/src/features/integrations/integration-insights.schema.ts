import {
  integrationDeliveryStatsSchema,
  integrationSendTestResponseSchema,
  isoDateTimeSchema,
  type TestableChannel,
} from '@herald/contracts';

import { intQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { GatewayException } from '../../core/errors/gateway.exception';
import { z } from '../../core/openapi/openapi-zod';

/** `POST /v1/integrations/:integrationId/test`: where to, and optionally what to say. */
export const sendTestBodySchema = z.object({
  to: z.string().trim().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').optional(),
  subject: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  body: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').optional(),
});
export type SendTestBody = z.infer<typeof sendTestBodySchema>;

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{3,30}$/;

/** What `to` must be for each channel: a sentence for the 422, or undefined when it fits. */
const RECIPIENT_RULES: Record<TestableChannel, (to: string | undefined) => string | undefined> = {
  email: (to) => (to && EMAIL.test(to) ? undefined : 'must be the email address to send the test to'),
  sms: (to) =>
    to && PHONE.test(to) ? undefined : 'must be the phone number to send the test to (E.164, e.g. +15555550100)',
  push: (to) => (to ? undefined : 'must be the device token to send the test to'),
  chat: (to) =>
    to === undefined || /^https?:\/\//.test(to)
      ? undefined
      : "must be an incoming-webhook URL (or left out to use the integration's own)",
};

/** Throws the 422 naming `to` when it does not fit the channel. */
export function checkTestRecipient(channel: TestableChannel, to: string | undefined): void {
  const problem = RECIPIENT_RULES[channel](to);
  if (problem) throw GatewayException.invalidField('to', [problem]);
}

/** The answer of a send test: what the provider said, through which integration of which channel. */
export const sendTestEnvelopeSchema = z.object({
  data: integrationSendTestResponseSchema.extend({ integrationId: z.string(), channel: z.string() }),
});

/** `GET /v1/integrations/delivery-stats`: the window, in hours, and how many recent outcomes per integration. */
export const deliveryStatsQuerySchema = z.object({
  hours: intQuery(1, 168).default(24),
  recent: intQuery(0, 20).default(5),
});
export type DeliveryStatsQuery = z.output<typeof deliveryStatsQuerySchema>;

/** Delivered and failed attempts per integration, counted from the runners' reports; `errorRate` is failed / (delivered + failed). */
export const deliveryStatsEnvelopeSchema = z.object({
  data: z.object({
    from: isoDateTimeSchema,
    to: isoDateTimeSchema,
    integrations: z.array(integrationDeliveryStatsSchema.extend({ errorRate: z.number().min(0).max(1).nullable() })),
  }),
});
