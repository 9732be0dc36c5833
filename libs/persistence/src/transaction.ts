import type { DataSource, EntityManager } from 'typeorm';

/** How strictly a transaction is isolated from concurrent ones. */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

declare const TX_BRAND: unique symbol;

/**
 * An open transaction — or, from `TransactionRunner.autoCommit`, the pool, each statement committing
 * alone. Opaque on purpose: use cases pass it along; only repositories open it (`managerOf`) to
 * run their statements, so SQL stays in repositories and use cases need no `typeorm`.
 */
export interface Tx {
  readonly [TX_BRAND]: 'Tx';
}

/** Wraps a TypeORM entity manager as a `Tx` (persistence wiring: consumers, batchers). */
export function txOf(manager: EntityManager): Tx {
  return manager as unknown as Tx;
}

/** The entity manager behind a `Tx`; for repositories only. */
export function managerOf(tx: Tx): EntityManager {
  return tx as unknown as EntityManager;
}

/** Runs `work` in one transaction (READ COMMITTED unless told otherwise); commits when it resolves. */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolation: Isolation = 'READ COMMITTED',
): Promise<T> {
  return dataSource.transaction(isolation, work);
}

/**
 * The transaction port: what a use case, consumer or scheduler opens transactions with. Provided
 * by `PersistenceModule` for the service's data source.
 */
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction and commits when it resolves, rolls back when it throws. Without
   * `isolation` the database's default applies (no SET TRANSACTION statement is sent).
   */
  run<T>(work: (tx: Tx) => Promise<T>, isolation?: Isolation): Promise<T> {
    const inTx = (manager: EntityManager) => work(txOf(manager));
    return isolation ? this.dataSource.transaction(isolation, inTx) : this.dataSource.transaction(inTx);
  }

  /** A handle outside any transaction: each statement commits on its own (reads, idempotent sweeps). */
  get autoCommit(): Tx {
    return txOf(this.dataSource.manager);
  }

  /**
   * Runs `work` inside a savepoint of `tx`: released when it resolves, rolled back to (and the error
   * rethrown) when it throws — the rest of the transaction goes on either way.
   */
  async savepoint<T>(tx: Tx, name: string, work: () => Promise<T>): Promise<T> {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid savepoint name: ${name}`);
    const manager = managerOf(tx);
    await manager.query(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  }
}
