import { Module } from '@nestjs/common';

import { AdminController } from './admin.controller';
import { AdminRepository } from './admin.repository';
import { AdminService } from './admin.service';
import { OperatorTokenGuard } from './operator-token.guard';

/** `/admin/*` behind the operator token. Uses the app's global ApiKeyCache to drop revoked keys at once. */
@Module({
  controllers: [AdminController],
  providers: [AdminRepository, AdminService, OperatorTokenGuard],
})
export class AdminModule {}
