import type { Envelope } from '@herald/contracts';
import { TransactionBatcher } from '@herald/persistence';
import type { EntityManager } from 'typeorm';

import type { MessageHandler } from '../consumer/message-consumer';
import { quoteSchema } from '../sql/schema-identifier';
import type { IdempotencyScope } from './processed-message.ledger';

/**
 * What a batched handler runs for a batch's new messages (delivery order, each once), inside the
 * batch's transaction: set-based work can write the whole batch in a few statements. If it throws,
 * the batch rolls back and every message runs again alone, so a failure stays the failing message's.
 */
export type LedgerBatchWork<T> = (envelopes: readonly Envelope<T>[], manager: EntityManager) => Promise<void>;

/** Per-message work as batch work: the batch's messages one after another, in delivery order. */
export function oneByOne<T>(
  work: (envelope: Envelope<T>, manager: EntityManager) => Promise<void>,
): LedgerBatchWork<T> {
  return async (envelopes, manager) => {
    for (const envelope of envelopes) await work(envelope, manager);
  };
}

/**
 * A consumer handler with exactly-once effects: the message's ledger row (`processed_messages`,
 * ON CONFLICT DO NOTHING) and its work commit together, and the handler resolves — so the message
 * is acked — only after that commit; a message seen before is acked without running again.
 * Deliveries waiting at one moment (up to `maxBatch`, at most the consumer's prefetch) share the
 * transaction (`TransactionBatcher`): one multi-row ledger INSERT and one COMMIT per batch under
 * load. When a batch fails each of its messages runs again alone, so only the failing one goes on
 * to the consumer's retry tiers, its ledger row rolled back with its work (0024).
 */
export function batchedIdempotentHandler<T>(
  scope: IdempotencyScope,
  work: LedgerBatchWork<T>,
  options: { maxBatch: number; concurrency?: number },
): MessageHandler<T> {
  const table = `${quoteSchema(scope.schema)}.processed_messages`;
  const batcher = new TransactionBatcher<Envelope<T>, void>(
    scope.dataSource,
    async (manager, deliveries) => {
      const inserted: { message_id: string }[] = await manager.query(
        `INSERT INTO ${table} (consumer, message_id) SELECT $1, id FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING message_id`,
        [scope.consumer, deliveries.map((envelope) => envelope.id)],
      );
      const fresh = new Set(inserted.map((row) => row.message_id));
      // A message seen before (or twice in this batch) is acked without running again.
      const envelopes = deliveries.filter((envelope) => fresh.delete(envelope.id));
      if (envelopes.length > 0) await work(envelopes, manager);
      return deliveries.map(() => undefined);
    },
    options,
  );
  return (envelope) => batcher.run(envelope);
}
