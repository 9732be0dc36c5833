import { Module } from '@nestjs/common';

import { CancelTriggerController } from './cancel-trigger.controller';

/** `DELETE /v1/events/trigger/:transactionId`, served by trigger-worker (apart from the trigger hot path in events/). */
@Module({ controllers: [CancelTriggerController] })
export class CancelModule {}
