import { ApiKeyRecord, EnvironmentRecord, OrganizationRecord } from './admin.repository';

export function toOrganizationResponse(organization: OrganizationRecord) {
  return {
    _id: organization.id,
    name: organization.name,
    idempotencyEnabled: organization.idempotencyEnabled,
    createdAt: organization.createdAt.toISOString(),
  };
}

export function toEnvironmentResponse(environment: EnvironmentRecord) {
  return {
    _id: environment.id,
    _organizationId: environment.organizationId,
    name: environment.name,
    identifier: environment.identifier,
    createdAt: environment.createdAt.toISOString(),
  };
}

/** Key metadata; `key` only when it was just issued (it is not stored and cannot be shown again). */
export function toApiKeyResponse(record: ApiKeyRecord, key?: string) {
  return {
    _id: record.id,
    _environmentId: record.environmentId,
    ...(key === undefined ? {} : { key }),
    hint: record.hint,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt ? record.revokedAt.toISOString() : null,
  };
}
