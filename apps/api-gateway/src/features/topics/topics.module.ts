import { Module } from '@nestjs/common';

import { TopicSubscriptionsController } from './topic-subscriptions.controller';
import { TopicsController } from './topics.controller';

/** The topic routes served by trigger-worker (`/v2/topics…`). */
@Module({ controllers: [TopicsController, TopicSubscriptionsController] })
export class TopicsModule {}
