import { Module } from '@nestjs/common';

import { WorkflowRepository } from './workflow.repository';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

/**
 * `/v2/workflows` and the trigger route's lookup. Exports {@link WorkflowRepository}
 * (`findForTrigger`). Relies on the app's global auth providers (ApiKeyGuard).
 */
@Module({
  controllers: [WorkflowsController],
  providers: [WorkflowRepository, WorkflowsService],
  exports: [WorkflowRepository],
})
export class WorkflowsModule {}
