import type { EntityManager } from 'typeorm';
import type { Envelope } from '@herald/contracts';
import { TransactionBatcher } from '@herald/persistence';
import type { MessageContext, MessageHandler } from '../consumer/message-consumer';
import { quoteSchema } from '../sql/schema-identifier';
import type { IdempotencyScope } from './processed-message.ledger';

/** What a batched handler runs for each new message, inside the batch's transaction. */
export type LedgerWork<T> = (envelope: Envelope<T>, manager: EntityManager, context: MessageContext) => Promise<void>;

/** A delivery waiting to be handled in a batch. */
interface Delivery<T> {
  envelope: Envelope<T>;
  context: MessageContext;
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
export function batchedIdempotentHandler<T>(scope: IdempotencyScope, work: LedgerWork<T>, options: { maxBatch: number; concurrency?: number }): MessageHandler<T> {
  const table = `${quoteSchema(scope.schema)}.processed_messages`;
  const batcher = new TransactionBatcher<Delivery<T>, void>(
    scope.dataSource,
    async (manager, deliveries) => {
      const inserted: { message_id: string }[] = await manager.query(
        `INSERT INTO ${table} (consumer, message_id) SELECT $1, id FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING message_id`,
        [scope.consumer, deliveries.map((delivery) => delivery.envelope.id)],
      );
      const fresh = new Set(inserted.map((row) => row.message_id));
      for (const { envelope, context } of deliveries) {
        // A message seen before (or twice in this batch) is acked without running again.
        if (fresh.delete(envelope.id)) await work(envelope, manager, context);
      }
      return deliveries.map(() => undefined);
    },
    options,
  );
  return (envelope, context) => batcher.run({ envelope, context });
}
