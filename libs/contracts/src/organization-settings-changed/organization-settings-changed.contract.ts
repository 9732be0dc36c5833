import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';

/**
 * Routing key: api-gateway (outbox, after the changing transaction committed) → every gateway
 * replica, each on its own exclusive queue, which evicts the organization's keys from its API-key
 * cache (the settings travel with the key lookup). Every message carries its environment, so a
 * change is announced once per environment of the organization; one without environments has no
 * keys to evict and announces nothing.
 */
export const ORGANIZATION_SETTINGS_CHANGED_V1 = 'organization.settings-changed.v1' as const;

/** Most settings one event names (an organization has two today; room to grow without a new version). */
export const ORGANIZATION_SETTINGS_CHANGED_MAX_SETTINGS = 100;

/** The data of `organization.settings-changed.v1`. Names what changed, not the new values: consumers re-read them. */
export const organizationSettingsChangedDataSchema = z.object({
  /** One environment of the organization (the envelope's). */
  environmentId: idSchema,
  organizationId: idSchema,
  /**
   * The organization fields that changed (`name`, `idempotencyEnabled`). Plain names rather than
   * an enum, so that a new setting is not a breaking change.
   */
  settings: z.array(idSchema).min(1).max(ORGANIZATION_SETTINGS_CHANGED_MAX_SETTINGS),
  changedAt: isoDateTimeSchema,
});
export type OrganizationSettingsChangedData = z.infer<typeof organizationSettingsChangedDataSchema>;
