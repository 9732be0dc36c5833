import { Messaging } from '@herald/messaging';
import { DATA_SOURCE } from '@herald/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { GATEWAY_SCHEMA } from '../../postgres/gateway-migrations';

/** NOTIFY wakes the relay at each commit; polling is only the fallback for a lost LISTEN connection. */
const POLL_INTERVAL_MS = 5_000;

/**
 * Relays `gateway.outbox` (what a gateway transaction decided to publish: `api-key.revoked.v1`,
 * `organization.settings-changed.v1`) with publisher confirms. Every replica runs one; rows are claimed with
 * `SKIP LOCKED`, so each is published by one of them. The messaging lib stops it on shutdown.
 */
@Injectable()
export class GatewayOutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger(GatewayOutboxRelay.name);

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Optional() @Inject(Messaging) private readonly messaging?: Messaging,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.messaging) {
      this.logger.warn('no broker connection: the gateway outbox is not relayed');
      return;
    }
    this.messaging.outboxRelay({
      dataSource: this.dataSource,
      schema: GATEWAY_SCHEMA,
      pollIntervalMs: POLL_INTERVAL_MS,
    });
  }
}
