import { CONTRACT_LIMITS, DELIVERY_CHANNELS, safeIdentifier } from '@herald/contracts';
import { z } from 'zod';

const text = (max: number) =>
  z
    .string({ invalid_type_error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const identifier = safeIdentifier(
  text(CONTRACT_LIMITS.maxIdLength).regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'),
);

/**
 * Provider credentials: typed like Novu's `CredentialsDto` where it types a field (so the SDK can
 * read them back), free-form JSON scalars otherwise. Limited in size: they are sealed per row.
 */
const credentialValue = z.union([z.string().max(16_384, 'must be at most 16384 characters'), z.boolean(), z.number()]);
export const credentialsSchema = z
  .record(z.string(), z.union([credentialValue, z.record(z.string(), z.unknown())]), {
    invalid_type_error: 'must be an object',
  })
  .superRefine((credentials, ctx) => {
    for (const key of [
      'port',
      'from',
      'host',
      'apiKey',
      'secretKey',
      'user',
      'password',
      'token',
      'accountSid',
      'webhookUrl',
      'serviceAccount',
    ]) {
      if (credentials[key] !== undefined && typeof credentials[key] !== 'string') {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'must be a string' });
      }
    }
    for (const key of ['secure', 'requireTls', 'ignoreTls', 'hmac']) {
      if (credentials[key] !== undefined && typeof credentials[key] !== 'boolean') {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: 'must be a boolean' });
      }
    }
    if (Object.keys(credentials).length > 64)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: 'must have at most 64 fields' });
  });

const conditionSchema = z
  .object({
    isNegated: z.boolean().default(false),
    type: z.enum(['BOOLEAN', 'TEXT', 'DATE', 'NUMBER', 'STATEMENT', 'LIST', 'MULTI_LIST', 'GROUP']).default('GROUP'),
    value: z.enum(['AND', 'OR']).default('AND'),
    children: z
      .array(
        z
          .object({
            field: text(255),
            value: z.string({ invalid_type_error: 'must be a string' }).max(1024),
            operator: z.enum([
              'LARGER',
              'SMALLER',
              'LARGER_EQUAL',
              'SMALLER_EQUAL',
              'EQUAL',
              'NOT_EQUAL',
              'ALL_IN',
              'ANY_IN',
              'NOT_IN',
              'BETWEEN',
              'NOT_BETWEEN',
              'LIKE',
              'NOT_LIKE',
              'IN',
            ]),
            on: z.enum(['subscriber', 'payload', 'tenant']),
          })
          .passthrough(),
      )
      .max(50, 'must list at most 50 conditions')
      .default([]),
  })
  .passthrough();

/** Novu's integration `conditions` (step filters deciding when the integration applies). */
export const conditionsSchema = z
  .array(conditionSchema, { invalid_type_error: 'must be an array' })
  .max(20, 'must list at most 20 condition groups');

const priority = z
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .min(0, 'must be at least 0')
  .max(1_000_000, 'must be at most 1000000');

/** `POST /v1/integrations`. `channel` may be omitted: the provider decides it. */
export const createIntegrationBodySchema = z.object({
  providerId: text(100),
  channel: z.enum(DELIVERY_CHANNELS).optional(),
  name: text(CONTRACT_LIMITS.maxNameLength).optional(),
  identifier: identifier.optional(),
  credentials: credentialsSchema.default({}),
  active: z.boolean({ invalid_type_error: 'must be a boolean' }).default(true),
  primary: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  priority: priority.optional(),
  conditions: conditionsSchema.default([]),
});
export type CreateIntegrationBody = z.output<typeof createIntegrationBodySchema>;

/** `PUT /v1/integrations/:id`: what changes; credentials are merged (a sent-back mask keeps the secret, `null` removes). */
export const updateIntegrationBodySchema = z.object({
  name: text(CONTRACT_LIMITS.maxNameLength).optional(),
  identifier: identifier.optional(),
  credentials: z.record(z.string(), z.unknown(), { invalid_type_error: 'must be an object' }).optional(),
  active: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  primary: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  priority: priority.optional(),
  conditions: conditionsSchema.optional(),
});
export type UpdateIntegrationBody = z.output<typeof updateIntegrationBodySchema>;
