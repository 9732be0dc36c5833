import type { DataSource, EntityManager } from 'typeorm';

/** A unit of work that may share its transaction with others. */
export type BatchableWork<R> = (manager: EntityManager) => Promise<R>;

interface Waiting {
  work: BatchableWork<unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs units of work that arrive together in one transaction: each `run` call waits (one turn of
 * the event loop at most) to join the next batch, the batch's units run one after another on the
 * same connection and commit together, and each call resolves with its unit's result only after
 * that commit. A quiet caller gets batches of one.
 *
 * When a batch fails — a unit threw, a deadlock, a connection lost — none of it committed, and
 * each unit runs again alone in a transaction of its own, so only the failing one rejects. Units
 * must therefore be safe to run twice when the first run rolled back (whatever they keep outside
 * the database must not assume the commit), and must not rely on being alone in their
 * transaction (no `SET LOCAL`). Locks a unit takes are held until the whole batch commits; a
 * deadlock between two batches (two replicas) aborts one, whose units then run alone. Batches
 * run one at a time; the next gathers while the current one commits. See
 * docs/decisions/0024-batched-consumers.md.
 */
export class TransactionBatcher {
  private readonly waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { maxBatch: number },
  ) {}

  run<R>(work: BatchableWork<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      // Let the calls made in this turn of the event loop join before the batch starts.
      if (!this.draining && this.waiting.length === 1) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.options.maxBatch);
        if (batch.length === 1) await this.runAlone(batch[0]);
        else await this.runTogether(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone(item: Waiting): Promise<void> {
    await this.dataSource.transaction(item.work).then(item.resolve, item.reject);
  }

  private async runTogether(batch: Waiting[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.dataSource.transaction(async (manager) => {
        const done: unknown[] = [];
        for (const item of batch) done.push(await item.work(manager));
        return done;
      });
    } catch {
      for (const item of batch) await this.runAlone(item);
      return;
    }
    batch.forEach((item, index) => item.resolve(results[index]));
  }
}
