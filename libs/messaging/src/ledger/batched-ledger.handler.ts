import type { EntityManager } from 'typeorm';
import type { Envelope } from '@herald/contracts';
import { TransactionBatcher } from '@herald/persistence';
import type { MessageContext, MessageHandler } from '../consumer/message-consumer';
import { quoteSchema } from '../sql/schema-identifier';
import type { IdempotencyScope } from './processed-message.ledger';

/** What a batched handler runs for each new message, inside the batch's transaction. */
export type LedgerWork<T> = (envelope: Envelope<T>, manager: EntityManager, context: MessageContext) => Promise<void>;

/**
 * A consumer handler with exactly-once effects: the message's ledger row (`processed_messages`,
 * ON CONFLICT DO NOTHING) and its work commit together, and the handler resolves — so the message
 * is acked — only after that commit; a message seen before is acked without running again.
 * Deliveries waiting at one moment (up to `maxBatch`, at most the consumer's prefetch) share the
 * transaction (`TransactionBatcher`): under load one COMMIT per batch, not per message. When a
 * batch fails each of its messages runs again alone, so only the failing one goes on to the
 * consumer's retry tiers, its ledger row rolled back with its work (0024).
 */
export function batchedIdempotentHandler<T>(scope: IdempotencyScope, work: LedgerWork<T>, options: { maxBatch: number }): MessageHandler<T> {
  const table = `${quoteSchema(scope.schema)}.processed_messages`;
  const batcher = new TransactionBatcher(scope.dataSource, options);
  return (envelope, context) =>
    batcher.run(async (manager) => {
      const inserted: unknown[] = await manager.query(`INSERT INTO ${table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [scope.consumer, envelope.id]);
      if (inserted.length > 0) await work(envelope, manager, context);
    });
}
