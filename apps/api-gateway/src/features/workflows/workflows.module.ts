import { Module } from '@nestjs/common';

import { LayoutsModule } from '../layouts';
import { WorkflowRepository } from './workflow.repository';
import { WorkflowStepsController } from './workflow-steps.controller';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

/**
 * `/v2/workflows` and the trigger route's lookup. Exports {@link WorkflowRepository}
 * (`findForTrigger`) and {@link WorkflowsService} (for the v1 notification-template routes).
 * Relies on the app's global auth providers (ApiKeyGuard).
 */
@Module({
  imports: [LayoutsModule],
  controllers: [WorkflowsController, WorkflowStepsController],
  providers: [WorkflowRepository, WorkflowsService],
  exports: [WorkflowRepository, WorkflowsService],
})
export class WorkflowsModule {}
