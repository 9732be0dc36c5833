import type { Envelope } from '@herald/contracts';
import {
  type DataSchema,
  type MessageConsumer,
  Messaging,
  nestMessagingLogger,
  type PublishedAfterCommit,
  publishingAfterCommit,
  type QuarantineHook,
} from '@herald/messaging';
import { type BatchProcessor, DATA_SOURCE, TransactionBatcher, type Tx, txOf } from '@herald/persistence';
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
  /**
   * Publish what the batch's transaction decided (`publishAfterCommit`) after its commit and before
   * the acks, instead of through the outbox (decision 0048); the handler must publish again what a
   * redelivered message decided.
   */
  publishAfterCommit?: boolean;
}

/**
 * Starts the worker's work-queue consumers. Every message is handled once without a ledger row
 * per message (decision 0047): each consumer's work is idempotent by the rows it writes — a
 * trigger's event is unique by transactionId and remembers its message id, a status report is
 * decided against its job's status and attempt — and commits in one transaction, and the message
 * is acked only after that commit — and, for a queue that publishes after commit (0048), after the
 * broker confirmed what it decided. Deliveries that wait together (up to the prefetch) share that
 * transaction (`TransactionBatcher`, decision 0024): under load the worker commits once per batch.
 */
@Injectable()
export class OncePerMessageConsumers {
  constructor(
    private readonly messaging: Messaging,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /**
   * `handle` gets each batch's messages in delivery order (a message delivered twice into one
   * batch, once), to write set-based where it can; it must change nothing for a message it has
   * handled before. `onQuarantine` records the failure of a message that kept killing the worker
   * (decision 0030).
   */
  start<T extends { environmentId: string }>(
    queue: WorkerQueue<T>,
    handle: (envelopes: readonly Envelope<T>[], tx: Tx) => Promise<void>,
    onQuarantine?: QuarantineHook<T>,
  ): MessageConsumer<T> {
    const target = {
      publisher: this.messaging.publisher,
      dataSource: this.dataSource,
      schema: TRIGGER_SCHEMA,
      logger: nestMessagingLogger('PublishAfterCommit'),
    };
    const handleOnce: BatchProcessor<Envelope<T>, void> = async (manager, deliveries) => {
      const seen = new Set<string>();
      await handle(
        deliveries.filter((envelope) => !seen.has(envelope.id) && Boolean(seen.add(envelope.id))),
        txOf(manager),
      );
      return deliveries.map(() => undefined);
    };
    const batcher = new TransactionBatcher<Envelope<T>, PublishedAfterCommit<void> | void>(
      this.dataSource,
      queue.publishAfterCommit ? publishingAfterCommit(target, handleOnce) : handleOnce,
      { maxBatch: queue.prefetch, concurrency: this.settings.consumerTransactions },
    );
    return this.messaging.consume<T>({
      service: 'trigger-worker',
      purpose: queue.purpose,
      routingKeys: [queue.routingKey],
      dataSchema: queue.dataSchema,
      prefetch: queue.prefetch,
      handler: async (envelope) => {
        // A queue that publishes after commit acks only once the broker confirmed (0048).
        await (await batcher.run(envelope))?.publish();
      },
      onQuarantine,
    });
  }
}
