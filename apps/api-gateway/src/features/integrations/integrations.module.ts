import { Module } from '@nestjs/common';

import { IntegrationRepository } from './integration.repository';
import { IntegrationService } from './integration.service';
import { IntegrationChangePublisher } from './integration-change.publisher';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRpcServer } from './integrations-rpc.server';

/**
 * `/v1/integrations`; with messaging wired, the `integrations.list-for-runner.v2` RPC method (`.v1`
 * only on opt-in) and `integration.changed.v1` events. Exports {@link IntegrationService}.
 */
@Module({
  controllers: [IntegrationsController],
  providers: [IntegrationRepository, IntegrationService, IntegrationChangePublisher, IntegrationsRpcServer],
  exports: [IntegrationService],
})
export class IntegrationsModule {}
