import { Module } from '@nestjs/common';

import { SubscriberTopicsController } from './subscriber-topics.controller';
import { TopicSubscriptionsController } from './topic-subscriptions.controller';
import { TopicV1Reader } from './topic-v1.reader';
import { TopicsController } from './topics.controller';
import { TopicsV1Controller } from './topics-v1.controller';

/** The topic routes served by trigger-worker (`/v2/topics…`, Novu's v1 `/v1/topics…`, a subscriber's `/v2/subscribers/:id/subscriptions`). */
@Module({
  controllers: [TopicsController, TopicSubscriptionsController, TopicsV1Controller, SubscriberTopicsController],
  providers: [TopicV1Reader],
})
export class TopicsModule {}
