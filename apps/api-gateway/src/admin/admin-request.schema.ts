import { z } from 'zod';

const name = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');

/** `POST /admin/organizations`. */
export const createOrganizationBodySchema = z.object({ name });
export type CreateOrganizationBody = z.output<typeof createOrganizationBodySchema>;

/** `POST /admin/organizations/:organizationId/environments`; `identifier` defaults to one derived from the name. */
export const createEnvironmentBodySchema = z.object({
  name,
  identifier: z
    .string({ invalid_type_error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9_-]{1,99}$/, 'must be 2 to 100 lower-case letters, digits, "-" or "_"')
    .optional(),
});
export type CreateEnvironmentBody = z.output<typeof createEnvironmentBodySchema>;
