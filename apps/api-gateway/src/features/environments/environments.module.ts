import { Module } from '@nestjs/common';

import { WorkflowsModule } from '../workflows';
import { EnvironmentsController } from './environments.controller';
import { EnvironmentsRepository } from './environments.repository';
import { EnvironmentsV2Controller } from './environments-v2.controller';

/**
 * Novu's API-key environment routes (`/v1/environments`, `/v2/environments/:id/tags`); managing
 * environments and keys is the operator's (`/admin`).
 */
@Module({
  imports: [WorkflowsModule],
  controllers: [EnvironmentsController, EnvironmentsV2Controller],
  providers: [EnvironmentsRepository],
})
export class EnvironmentsModule {}
