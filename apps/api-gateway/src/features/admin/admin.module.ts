import { Module } from '@nestjs/common';

import { AdminController } from './admin.controller';
import { AdminRepository } from './admin.repository';
import { AdminService } from './admin.service';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { OperatorTokenGuard } from './operator-token.guard';

/** `/admin/*` behind the operator token (dead letters included). Uses the app's global ApiKeyCache to drop revoked keys at once. */
@Module({
  controllers: [AdminController, DeadLettersController],
  providers: [AdminRepository, AdminService, DeadLettersService, OperatorTokenGuard],
})
export class AdminModule {}
