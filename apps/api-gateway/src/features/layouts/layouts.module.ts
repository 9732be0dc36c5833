import { Module } from '@nestjs/common';

import { LayoutRepository } from './layout.repository';
import { LayoutSnapshots } from './layout-snapshot';
import { LayoutsController } from './layouts.controller';
import { LayoutsV2Controller } from './layouts-v2.controller';

/** Novu's `/v1/layouts` and `/v2/layouts`; exports {@link LayoutSnapshots} for the trigger path. */
@Module({
  controllers: [LayoutsController, LayoutsV2Controller],
  providers: [LayoutRepository, LayoutSnapshots],
  exports: [LayoutSnapshots],
})
export class LayoutsModule {}
