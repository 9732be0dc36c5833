import { maskCredentials } from './credentials-masking';
import { IntegrationRow } from './integration.repository';
import { IntegrationResponse } from './integration-response.schema';

/** Novu's `IntegrationResponseDto`; credentials masked, never in clear. */
export function toIntegrationResponse(
  integration: IntegrationRow,
  organizationId: string,
  credentials: Record<string, unknown>,
): IntegrationResponse {
  return {
    _id: integration.id,
    _environmentId: integration.environmentId,
    _organizationId: organizationId,
    providerId: integration.providerId,
    channel: integration.channel,
    name: integration.name,
    identifier: integration.identifier,
    credentials: maskCredentials(credentials),
    active: integration.active,
    primary: integration.primary,
    priority: integration.priority,
    conditions: integration.conditions,
    // Herald's: set when the gateway deactivated it because no runner implements its provider (decision 0041).
    ...(integration.inactiveReason ? { inactiveReason: integration.inactiveReason } : {}),
    deleted: false,
    createdAt: integration.createdAt.toISOString(),
    updatedAt: integration.updatedAt.toISOString(),
  };
}
