import { z } from 'zod';

import { idSchema, jsonRecordSchema, nameSchema } from './primitives.schema';
import { safeIdentifier } from './safe-identifier';

/**
 * The tenant context of a trigger. A client's tenant string arrives as `{identifier}`; an object
 * updates the existing tenant's name and data.
 */
export const tenantRefSchema = z.object({
  identifier: safeIdentifier(idSchema),
  name: nameSchema.optional(),
  data: jsonRecordSchema.optional(),
});
export type TenantRef = z.infer<typeof tenantRefSchema>;
