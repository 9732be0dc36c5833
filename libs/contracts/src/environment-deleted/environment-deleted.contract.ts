import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';

/**
 * Routing key: api-gateway (outbox, in the transaction that deleted the environment) → every
 * gateway replica, each on its own exclusive queue, which evicts the environment's cached API keys
 * and ends its open inbox streams. Non-mandatory: with no replica bound there is nothing to evict.
 */
export const ENVIRONMENT_DELETED_V1 = 'environment.deleted.v1' as const;

/** The data of `environment.deleted.v1`. */
export const environmentDeletedDataSchema = z.object({
  environmentId: idSchema,
  organizationId: idSchema,
  deletedAt: isoDateTimeSchema,
});
export type EnvironmentDeletedData = z.infer<typeof environmentDeletedDataSchema>;
