import type { RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { InsightsRepository } from './insights.repository';

/** The console's throughput series and per-integration outcomes, over RPC. */
@Injectable()
export class InsightsRpc {
  constructor(private readonly insights: InsightsRepository) {}

  register(server: RpcServer): void {
    server.serve('insights.throughput.v1', (r) => this.insights.throughput(r.environmentId, r.minutes));
    server.serve('insights.integration-deliveries.v1', (r) =>
      this.insights.integrationDeliveries(r.environmentId, r.hours, r.recent),
    );
  }
}
