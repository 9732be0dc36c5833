import { TenantRecord } from './tenant.repository';
import { TenantResponse } from './tenant-response.schema';

/** Novu's tenant response. */
export function toTenantResponse(tenant: TenantRecord): TenantResponse {
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
