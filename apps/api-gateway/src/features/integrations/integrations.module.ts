import { Module } from '@nestjs/common';

import { IntegrationTestClient } from '../../adapters/runner-rpc/integration-test.client';
import { IntegrationRepository } from './integration.repository';
import { IntegrationService } from './integration.service';
import { IntegrationChangePublisher } from './integration-change.publisher';
import { IntegrationInsightsController } from './integration-insights.controller';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsRpcServer } from './integrations-rpc.server';

/**
 * `/v1/integrations`; with messaging wired, the `integrations.list-for-runner.v2` RPC method (`.v1`
 * only on opt-in) and `integration.changed.v1` events; the console's send test and delivery stats.
 * Exports {@link IntegrationService}.
 */
@Module({
  controllers: [IntegrationsController, IntegrationInsightsController],
  providers: [
    IntegrationRepository,
    IntegrationService,
    IntegrationChangePublisher,
    IntegrationsRpcServer,
    IntegrationTestClient,
  ],
  exports: [IntegrationService],
})
export class IntegrationsModule {}
