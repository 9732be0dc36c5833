import { z } from 'zod';

const name = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');

const idempotencyEnabled = z.boolean({ invalid_type_error: 'must be a boolean' });

/** `POST /admin/organizations`; `idempotencyEnabled` defaults to true. */
export const createOrganizationBodySchema = z.object({ name, idempotencyEnabled: idempotencyEnabled.optional() });
export type CreateOrganizationBody = z.output<typeof createOrganizationBodySchema>;

/** `PATCH /admin/organizations/:organizationId`: absent fields stay as they are. */
export const updateOrganizationBodySchema = z
  .object({ name: name.optional(), idempotencyEnabled: idempotencyEnabled.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.idempotencyEnabled !== undefined, {
    message: 'name a field to change: name, idempotencyEnabled',
  });
export type UpdateOrganizationBody = z.output<typeof updateOrganizationBodySchema>;

/** `POST /admin/organizations/:organizationId/environments`; `identifier` defaults to one derived from the name. */
export const createEnvironmentBodySchema = z.object({
  name,
  identifier: z
    .string({ invalid_type_error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9_-]{1,99}$/, 'must be 2 to 100 lower-case letters, digits, "-" or "_"')
    .optional(),
});
export type CreateEnvironmentBody = z.output<typeof createEnvironmentBodySchema>;
