import { Module } from '@nestjs/common';

import { MessagesController } from './messages.controller';

/** `GET|DELETE /v1/messages…`, served by trigger-worker. */
@Module({ controllers: [MessagesController] })
export class MessagesModule {}
