import type { DataSource, EntityManager } from 'typeorm';

import { quoteSchema } from '../sql/schema-identifier';

/** Where a consumer records the ids of the messages it has processed. */
export interface IdempotencyScope {
  dataSource: DataSource;
  /** Schema holding `processed_messages`. */
  schema: string;
  /** A stable consumer name, e.g. `trigger-worker.trigger-requested`. */
  consumer: string;
}

/** Whether the work ran, and its result. */
export type IdempotentOutcome<T> = { duplicate: false; result: T } | { duplicate: true };

/**
 * Opens a transaction, records `messageId` for the consumer (ON CONFLICT DO NOTHING) and runs
 * `work` only if the id is new; both commit together, so a redelivered message never has its
 * effects twice. A concurrent duplicate waits on the first one's row lock and then sees it.
 */
export function processOnce<T>(
  scope: IdempotencyScope,
  messageId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<IdempotentOutcome<T>> {
  const table = `${quoteSchema(scope.schema)}.processed_messages`;
  return scope.dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${table} (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [scope.consumer, messageId],
    );
    if (inserted.length === 0) return { duplicate: true } as const;
    return { duplicate: false, result: await work(manager) } as const;
  });
}

/** Deletes ledger rows older than `olderThanMs` (keep it far longer than any redelivery window). */
export async function purgeProcessedMessages(
  dataSource: DataSource,
  schema: string,
  olderThanMs: number,
): Promise<void> {
  await dataSource.query(
    `DELETE FROM ${quoteSchema(schema)}.processed_messages WHERE processed_at < now() - $1 * interval '1 millisecond'`,
    [olderThanMs],
  );
}
