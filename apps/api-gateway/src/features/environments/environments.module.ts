import { Module } from '@nestjs/common';

import { EnvironmentsController } from './environments.controller';
import { EnvironmentsRepository } from './environments.repository';

/** Novu's API-key environment routes; managing environments and keys is the operator's (`/admin`). */
@Module({ controllers: [EnvironmentsController], providers: [EnvironmentsRepository] })
export class EnvironmentsModule {}
