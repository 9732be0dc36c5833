import { DELIVERY_CHANNELS } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';

/** Novu's `IntegrationResponseDto`; the mapper's return type is inferred from it, so the two cannot drift. */
export const integrationResponseSchema = z
  .object({
    _id: z.string(),
    _environmentId: z.string(),
    _organizationId: z.string(),
    providerId: z.string(),
    channel: z.enum(DELIVERY_CHANNELS),
    name: z.string(),
    identifier: z.string(),
    credentials: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'Masked: secrets are never returned in clear' }),
    active: z.boolean(),
    primary: z.boolean(),
    priority: z.number(),
    conditions: z.array(z.unknown()),
    deleted: z.boolean(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('IntegrationResponseDto');
export type IntegrationResponse = z.infer<typeof integrationResponseSchema>;

/** `{ data: integration }`: create, update, set-primary. */
export const integrationEnvelopeSchema = z.object({ data: integrationResponseSchema });

/** `{ data: integrations }`: list, list active, and delete (which answers the remaining list, as Novu does). */
export const integrationListSchema = z.object({ data: z.array(integrationResponseSchema) });
