import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { ActivityRepository } from './activity.repository';

/** `GET /v1/notifications` and `GET /v1/notifications/:id`, over RPC. */
@Injectable()
export class ActivityRpc {
  constructor(private readonly activity: ActivityRepository) {}

  register(server: RpcServer): void {
    server.serve('notifications.list.v1', (r) => this.activity.list(r));
    server.serve('notifications.get.v1', (r) => this.activity.get(r.environmentId, r.notificationId));
  }
}
