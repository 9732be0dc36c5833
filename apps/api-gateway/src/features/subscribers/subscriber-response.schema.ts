import { DELIVERY_CHANNELS, SUBSCRIBERS_RPC, workerSubscriberSchema } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';

/** The response bodies of Novu's v2 subscriber routes (and v1 bulk), for `/openapi.json`. */
const subscriber = workerSubscriberSchema;

/** `{ data: subscriber }`: v2 create, get and patch. */
export const subscriberV2EnvelopeSchema = z.object({ data: subscriber });

/** `GET /v2/subscribers`: a cursor page (sent unwrapped, as Novu does). */
export const subscriberCursorPageSchema = z
  .object({
    data: z.array(subscriber),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    totalCount: z.number().int(),
    totalCountCapped: z.boolean(),
  })
  .openapi('ListSubscribersResponseDto');

/** `DELETE /v2/subscribers/:subscriberId` (`RemoveSubscriberResponseDto`). */
export const subscriberDeletedSchema = z.object({
  data: z.object({ acknowledged: z.literal(true), status: z.literal('deleted') }),
});

/** `POST /v1/subscribers/bulk` (`BulkCreateSubscriberResponseDto`): subscriberIds by outcome. */
export const bulkCreateSubscribersResponseSchema = z.object({
  data: SUBSCRIBERS_RPC['subscribers.bulk-create.v1'].response,
});

const channelMap = z.object(
  Object.fromEntries(DELIVERY_CHANNELS.map((channel) => [channel, z.boolean().optional()])) as Record<
    (typeof DELIVERY_CHANNELS)[number],
    z.ZodOptional<z.ZodBoolean>
  >,
);

/** One workflow in Novu's `SubscriberWorkflowPreferenceDto` shape. */
export const workflowPreferenceResponseSchema = z
  .object({
    enabled: z.boolean(),
    channels: channelMap,
    overrides: z.array(z.object({ channel: z.enum(DELIVERY_CHANNELS), source: z.literal('subscriber') })),
    workflow: z.object({ slug: z.string(), identifier: z.string(), name: z.string(), updatedAt: z.string() }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('SubscriberWorkflowPreferenceDto');

/** Novu's `GetSubscriberPreferencesDto`. */
export const subscriberPreferencesResponseSchema = z
  .object({
    global: z.object({ enabled: z.boolean(), channels: channelMap }),
    workflows: z.array(workflowPreferenceResponseSchema),
  })
  .openapi('GetSubscriberPreferencesDto');
export const subscriberPreferencesEnvelopeSchema = z.object({ data: subscriberPreferencesResponseSchema });
