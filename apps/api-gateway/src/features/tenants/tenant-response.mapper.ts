import { TenantRecord } from './tenant.repository';

/** Novu's tenant response. */
export function toTenantResponse(tenant: TenantRecord) {
  return {
    _id: tenant.id,
    identifier: tenant.identifier,
    name: tenant.name,
    data: tenant.data,
    _environmentId: tenant.environmentId,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}
