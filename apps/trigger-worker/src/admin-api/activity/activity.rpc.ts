import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { ActivityRepository } from './activity.repository';
import { JobContentRepository } from './job-content.repository';

/** `GET /v1/notifications`, `GET /v1/notifications/:id` and a channel job's content input, over RPC. */
@Injectable()
export class ActivityRpc {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly content: JobContentRepository,
  ) {}

  register(server: RpcServer): void {
    server.serve('notifications.list.v1', (r) => this.activity.list(r));
    server.serve('notifications.get.v1', (r) => this.activity.get(r.environmentId, r.notificationId));
    server.serve('notifications.job-content-input.v1', (r) =>
      this.content.input(r.environmentId, r.notificationId, r.jobId),
    );
  }
}
