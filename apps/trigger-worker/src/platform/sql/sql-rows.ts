import { managerOf, type Tx } from '@herald/persistence';
import type { EntityManager, QueryResult } from 'typeorm';

/**
 * Runs one SQL statement and returns its rows, whatever the statement is: TypeORM's plain
 * `query()` returns `[rows, count]` for a top-level UPDATE/DELETE and rows otherwise. For
 * repositories only.
 */
export async function sqlRows<T>(tx: Tx | EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const manager = managerOf(tx as Tx); // a Tx is an EntityManager underneath
  if (manager.queryRunner) return ((await manager.queryRunner.query(sql, params, true)) as QueryResult).records as T[];
  const runner = manager.connection.createQueryRunner();
  try {
    return ((await runner.query(sql, params, true)) as QueryResult).records as T[];
  } finally {
    await runner.release();
  }
}
