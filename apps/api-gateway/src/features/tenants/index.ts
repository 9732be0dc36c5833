export { TenantsModule } from './tenants.module';
export { TenantRepository } from './tenant.repository';
export type { TenantRecord } from './tenant.repository';
