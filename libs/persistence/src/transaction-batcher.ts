import type { DataSource, EntityManager } from 'typeorm';

/** Handles a batch of inputs in the given transaction; answers one result per input, in order. */
export type BatchProcessor<I, R> = (manager: EntityManager, inputs: readonly I[]) => Promise<readonly R[]>;

interface Waiting<I> {
  input: I;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Handles inputs that arrive together in one transaction: each `run` call waits (one turn of the
 * event loop at most) to join the next batch, the processor handles the batch on one connection,
 * and each call resolves with its input's result only after the COMMIT. A quiet caller gets
 * batches of one.
 *
 * When a batch fails — the processor threw for one input, a deadlock, a connection lost — none
 * of it committed, and each input is processed again alone in a transaction of its own, so only
 * the failing one rejects. Processing must therefore be safe to repeat after a rollback (whatever
 * it keeps outside the database must not assume the commit), and must not rely on one input
 * being alone in its transaction (no `SET LOCAL`). Locks taken for one input are held until the
 * whole batch commits; a deadlock between two batches aborts one, whose inputs then run alone.
 * Up to `concurrency` batches run at once; the next gathers while they commit. See
 * docs/decisions/0024-batched-consumers.md.
 */
export class TransactionBatcher<I, R> {
  private readonly waiting: Waiting<I>[] = [];
  private running = 0;
  private scheduled = false;

  /**
   * `maxBatch`: inputs per transaction at most (the consumer's prefetch). `concurrency`: batches
   * in flight at once (default 1), each on its own connection — keep it under the pool size.
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly process: BatchProcessor<I, R>,
    private readonly options: { maxBatch: number; concurrency?: number },
  ) {}

  run(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ input, resolve: resolve as (result: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Starts batches on the next turn of the event loop, so the calls made in this one can join. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    const concurrency = this.options.concurrency ?? 1;
    while (this.running < concurrency && this.waiting.length > 0) {
      // Spread what waits over the free slots; a slot that frees up later takes what gathered meanwhile.
      const size = Math.min(this.options.maxBatch, Math.ceil(this.waiting.length / (concurrency - this.running)));
      const batch = this.waiting.splice(0, size);
      this.running += 1;
      void this.runBatch(batch).finally(() => {
        this.running -= 1;
        if (this.waiting.length > 0) this.schedule();
      });
    }
  }

  private async runBatch(batch: Waiting<I>[]): Promise<void> {
    let results: readonly R[];
    try {
      results = await this.dataSource.transaction(async (manager) => {
        const answered = await this.process(
          manager,
          batch.map((item) => item.input),
        );
        if (answered.length !== batch.length)
          throw new Error(`batch processor answered ${answered.length} results for ${batch.length} inputs`);
        return answered;
      });
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const item of batch) await this.runBatch([item]);
      return;
    }
    batch.forEach((item, index) => item.resolve(results[index]));
  }
}
