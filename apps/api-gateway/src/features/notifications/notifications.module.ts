import { Module } from '@nestjs/common';

import { NotificationInsightsController } from './notification-insights.controller';
import { NotificationsController } from './notifications.controller';

/** `GET /v1/notifications…` (the activity feed, throughput, sent content), served by trigger-worker. */
@Module({ controllers: [NotificationsController, NotificationInsightsController] })
export class NotificationsModule {}
