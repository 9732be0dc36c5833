import { Module } from '@nestjs/common';

import { WorkflowsModule } from '../workflows/workflows.module';
import { SubscriberPreferencesController } from './subscriber-preferences.controller';
import { SubscriberPreferencesService } from './subscriber-preferences.service';
import { SubscriberPreferencesV1Controller } from './subscriber-preferences-v1.controller';
import { SubscribersController } from './subscribers.controller';
import { SubscribersV1Controller } from './subscribers-v1.controller';

/** The subscriber routes served by trigger-worker (`/v2/subscribers…`, `/v1/subscribers…`). */
@Module({
  imports: [WorkflowsModule],
  controllers: [
    SubscribersController,
    SubscribersV1Controller,
    SubscriberPreferencesController,
    SubscriberPreferencesV1Controller,
  ],
  providers: [SubscriberPreferencesService],
  exports: [SubscriberPreferencesService],
})
export class SubscribersModule {}
