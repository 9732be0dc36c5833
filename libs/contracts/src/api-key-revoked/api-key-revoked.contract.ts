import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';

/**
 * Routing key: api-gateway (outbox, after the revoking transaction committed) → every gateway
 * replica, each on its own exclusive queue, which evicts the keys from its API-key cache.
 */
export const API_KEY_REVOKED_V1 = 'api-key.revoked.v1' as const;

/** Most keys one event names (an operator revokes or rotates one key at a time; room for batches). */
export const API_KEY_REVOKED_MAX_KEYS = 100;

/** The data of `api-key.revoked.v1`. Names keys by id: neither a key nor its hash crosses the broker. */
export const apiKeyRevokedDataSchema = z.object({
  environmentId: idSchema,
  organizationId: idSchema,
  /** The revoked keys (`gateway.api_keys.id`), all of this environment. */
  apiKeyIds: z.array(idSchema).min(1).max(API_KEY_REVOKED_MAX_KEYS),
  /** `rotated`: a replacement key was issued in the same transaction. */
  reason: z.enum(['revoked', 'rotated']),
  revokedAt: isoDateTimeSchema,
});
export type ApiKeyRevokedData = z.infer<typeof apiKeyRevokedDataSchema>;
