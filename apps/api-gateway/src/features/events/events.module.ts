import { Module } from '@nestjs/common';

import { LayoutsModule } from '../layouts';
import { TenantsModule } from '../tenants';
import { WorkflowsModule } from '../workflows';
import { EventsController } from './events.controller';
import { PayloadSchemaValidators } from './payload-schema';
import { TriggerPublisher } from './trigger.publisher';
import { ProcessTriggerUsecase } from './usecases/process-trigger.usecase';
import { TriggerBulkUsecase } from './usecases/trigger-bulk.usecase';

/** `/v1/events/trigger` (single, bulk, broadcast); publishes through the global MessagingModule. */
@Module({
  imports: [WorkflowsModule, TenantsModule, LayoutsModule],
  controllers: [EventsController],
  providers: [ProcessTriggerUsecase, TriggerBulkUsecase, TriggerPublisher, PayloadSchemaValidators],
})
export class EventsModule {}
