import { CONTRACT_LIMITS, safeIdentifier } from '@herald/contracts';
import { z } from 'zod';

const MAX_DATA_BYTES = 64 * 1024;

const identifier = safeIdentifier(
  z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(CONTRACT_LIMITS.maxIdLength, `must be at most ${CONTRACT_LIMITS.maxIdLength} characters`)
    .regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'),
);

const name = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(CONTRACT_LIMITS.maxNameLength, `must be at most ${CONTRACT_LIMITS.maxNameLength} characters`);

const data = z
  .record(z.string(), z.unknown(), { invalid_type_error: 'must be an object' })
  .refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_DATA_BYTES,
    `must be at most ${MAX_DATA_BYTES / 1024} KB serialized`,
  );

/** `POST /v1/tenants`. */
export const createTenantBodySchema = z.object({ identifier, name, data: data.optional() });
export type CreateTenantBody = z.output<typeof createTenantBodySchema>;

/** `PATCH /v1/tenants/:identifier`: any of the fields; a new `identifier` renames the tenant. */
export const updateTenantBodySchema = z.object({
  identifier: identifier.optional(),
  name: name.optional(),
  data: data.optional(),
});
export type UpdateTenantBody = z.output<typeof updateTenantBodySchema>;

/** `GET /v1/tenants`: Novu's 0-based `page` and `limit`. */
export const listTenantsQuerySchema = z.object({
  page: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').default(0),
  limit: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(10),
});
export type ListTenantsQuery = z.output<typeof listTenantsQuerySchema>;
