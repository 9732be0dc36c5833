import type { Envelope } from '@herald/contracts';
import {
  batchedIdempotentHandler,
  type DataSchema,
  type MessageConsumer,
  Messaging,
  type QuarantineHook,
} from '@herald/messaging';
import { DATA_SOURCE, type Tx, txOf } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { WORKER_SETTINGS, type WorkerSettings } from './config/worker-settings';
import { TRIGGER_SCHEMA } from './migrations/worker-migrations';

/** One of the worker's durable work queues, `trigger-worker.<purpose>`; its messages name their environment in their data too. */
export interface WorkerQueue<T extends { environmentId: string }> {
  purpose: string;
  routingKey: string;
  dataSchema: DataSchema<T>;
  prefetch: number;
}

/**
 * Starts the worker's work-queue consumers. Every message is handled once: its ledger row and its
 * effects commit in one transaction, and the message is acked only after that commit. Deliveries
 * that wait together (up to the prefetch) share that transaction (`batchedIdempotentHandler`,
 * decision 0024): under load the worker commits once per batch, not once per message.
 */
@Injectable()
export class OncePerMessageConsumers {
  constructor(
    private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /**
   * `handle` gets each batch's new messages in delivery order, to write set-based where it can;
   * `onQuarantine` records the failure of a message that kept killing the worker (decision 0030).
   */
  start<T extends { environmentId: string }>(
    queue: WorkerQueue<T>,
    handle: (envelopes: readonly Envelope<T>[], tx: Tx) => Promise<void>,
    onQuarantine?: QuarantineHook<T>,
  ): MessageConsumer<T> {
    const consumer = `trigger-worker.${queue.purpose}`;
    return this.messaging.consume<T>({
      service: 'trigger-worker',
      purpose: queue.purpose,
      routingKeys: [queue.routingKey],
      dataSchema: queue.dataSchema,
      prefetch: queue.prefetch,
      handler: batchedIdempotentHandler<T>(
        { dataSource: this.dataSource, schema: TRIGGER_SCHEMA, consumer },
        (envelopes, manager) => handle(envelopes, txOf(manager)),
        { maxBatch: queue.prefetch, concurrency: this.settings.consumerTransactions },
      ),
      onQuarantine,
    });
  }
}
