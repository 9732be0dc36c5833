import { DELIVERY_CHANNELS, workerSubscriberSchema } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';

/** The response bodies of Novu's v1 subscriber routes, for `/openapi.json` (what `@novu/node` reads). */
const subscriber = workerSubscriberSchema;
const channels = z.object(
  Object.fromEntries(DELIVERY_CHANNELS.map((channel) => [channel, z.boolean().optional()])) as Record<
    (typeof DELIVERY_CHANNELS)[number],
    z.ZodOptional<z.ZodBoolean>
  >,
);
const workflowPreference = z
  .object({
    template: z.object({
      _id: z.string(),
      name: z.string(),
      tags: z.array(z.string()),
      critical: z.boolean(),
      triggers: z.array(
        z.object({ type: z.literal('event'), identifier: z.string(), variables: z.array(z.unknown()).max(0) }),
      ),
    }),
    preference: z.object({
      enabled: z.boolean(),
      channels,
      overrides: z.array(z.object({ channel: z.enum(DELIVERY_CHANNELS), source: z.literal('subscriber') })),
    }),
  })
  .openapi('UpdateSubscriberPreferenceResponseDto');
const globalPreference = z
  .object({ preference: z.object({ enabled: z.boolean(), channels }) })
  .openapi('GlobalPreferenceResponseDto');

export const subscriberEnvelopeSchema = z.object({ data: subscriber });
export const subscribersPageSchema = z
  .object({
    page: z.number().int(),
    hasMore: z.boolean(),
    pageSize: z.number().int(),
    totalCount: z.number().int(),
    data: z.array(subscriber),
  })
  .openapi('SubscribersPaginatedResponseDto');
export const deleteSubscriberEnvelopeSchema = z.object({
  data: z.object({ acknowledged: z.literal(true), status: z.literal('deleted') }),
});
export const workflowPreferencesEnvelopeSchema = z.object({ data: z.array(workflowPreference) });
export const preferencesByLevelEnvelopeSchema = z.object({
  data: z.union([z.array(globalPreference), z.array(workflowPreference)]),
});
export const workflowPreferenceEnvelopeSchema = z.object({ data: workflowPreference });
export const globalPreferenceEnvelopeSchema = z.object({ data: globalPreference });
