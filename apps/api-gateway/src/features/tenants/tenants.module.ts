import { Module } from '@nestjs/common';

import { TenantRepository } from './tenant.repository';
import { TenantsController } from './tenants.controller';

/**
 * `/v1/tenants` and the trigger route's tenant checks. Exports {@link TenantRepository}
 * (`findByIdentifier`, `upsertFromTrigger`).
 */
@Module({
  controllers: [TenantsController],
  providers: [TenantRepository],
  exports: [TenantRepository],
})
export class TenantsModule {}
