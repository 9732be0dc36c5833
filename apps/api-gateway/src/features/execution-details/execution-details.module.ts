import { Module } from '@nestjs/common';

import { ExecutionDetailsController } from './execution-details.controller';

/** Novu's `/v1/execution-details`, read from the worker's activity data. */
@Module({ controllers: [ExecutionDetailsController] })
export class ExecutionDetailsModule {}
