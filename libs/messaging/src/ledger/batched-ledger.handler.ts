import type { EntityManager } from 'typeorm';
import type { Envelope } from '@herald/contracts';
import type { MessageContext, MessageHandler } from '../consumer/message-consumer';
import { quoteSchema } from '../sql/schema-identifier';
import { processOnce, type IdempotencyScope } from './processed-message.ledger';

/** What a batched handler runs for each new message, inside the batch's transaction. */
export type LedgerWork<T> = (envelope: Envelope<T>, manager: EntityManager, context: MessageContext) => Promise<void>;

interface Waiting<T> {
  envelope: Envelope<T>;
  context: MessageContext;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A consumer handler with exactly-once effects (the ledger row of `processOnce` and the work
 * commit together), built for busy queues: the deliveries waiting at one moment (up to `maxBatch`, at
 * most the consumer's prefetch) share one transaction — one multi-row ledger INSERT, each new
 * message's work in arrival order, one COMMIT — and each delivery's handler resolves (so it is
 * acked) only after that commit. A quiet queue gets batches of one, at no extra latency.
 *
 * When a batch fails (one message's work threw, a deadlock, a lost connection) nothing of it
 * committed, and each of its messages runs again in a transaction of its own: only the failing
 * one goes on to the consumer's retry tiers. Batches run one at a time per handler; the next
 * collects while the current one commits. See docs/decisions/0024-batched-consumers.md.
 */
export function batchedIdempotentHandler<T>(scope: IdempotencyScope, work: LedgerWork<T>, options: { maxBatch: number }): MessageHandler<T> {
  const table = `${quoteSchema(scope.schema)}.processed_messages`;
  const waiting: Waiting<T>[] = [];
  let draining = false;

  const runAlone = (item: Waiting<T>) => processOnce(scope, item.envelope.id, (manager) => work(item.envelope, manager, item.context)).then(item.resolve, item.reject);

  const runTogether = async (batch: Waiting<T>[]): Promise<void> => {
    try {
      await scope.dataSource.transaction(async (manager) => {
        const inserted: { message_id: string }[] = await manager.query(
          `INSERT INTO ${table} (consumer, message_id) SELECT $1, id FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING RETURNING message_id`,
          [scope.consumer, batch.map((item) => item.envelope.id)],
        );
        const fresh = new Set(inserted.map((row) => row.message_id));
        for (const item of batch) {
          // A message seen before (or twice in this batch) is acked without running again.
          if (fresh.delete(item.envelope.id)) await work(item.envelope, manager, item.context);
        }
      });
    } catch {
      for (const item of batch) await runAlone(item);
      return;
    }
    for (const item of batch) item.resolve();
  };

  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (waiting.length > 0) {
        const batch = waiting.splice(0, options.maxBatch);
        if (batch.length === 1) await runAlone(batch[0]);
        else await runTogether(batch);
      }
    } finally {
      draining = false;
    }
  };

  return (envelope, context) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ envelope, context, resolve, reject });
      // Let the deliveries that arrived together join before the batch starts.
      if (!draining && waiting.length === 1) setImmediate(() => void (draining ? undefined : drain()));
    });
}
