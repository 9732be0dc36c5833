import { Module } from '@nestjs/common';

import { WorkflowsModule } from '../workflows/workflows.module';
import { NotificationTemplatesController } from './notification-templates.controller';

/** Novu's v1 `/notification-templates`, over the `/v2/workflows` use cases. */
@Module({ imports: [WorkflowsModule], controllers: [NotificationTemplatesController] })
export class NotificationTemplatesModule {}
