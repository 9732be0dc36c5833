import { Module } from '@nestjs/common';

import { NotificationsController } from './notifications.controller';

/** `GET /v1/notifications…` (the activity feed), served by trigger-worker. */
@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
