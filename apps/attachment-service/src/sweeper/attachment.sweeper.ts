import { MetricsRegistry } from '@herald/observability';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Counter } from 'prom-client';

import { ATTACHMENT_CONFIG, AttachmentConfig } from '../config/attachment.config';
import { AttachmentRepository } from '../persistence/attachment.repository';
import { AttachmentObjectStore } from '../storage/attachment-object.store';

const SWEPT_METRIC = 'herald_attachments_swept_total';

/**
 * Deletes the objects whose rows expired — uploads whose trigger was never queued, and queued
 * ones past their transaction grace — and marks the rows `deleted`. Each batch is one
 * transaction holding its rows with `FOR UPDATE SKIP LOCKED` while it deletes the objects, so
 * every replica can run a sweeper without two of them handling the same row; a failed deletion
 * rolls back and is retried on the next sweep.
 */
@Injectable()
export class AttachmentSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AttachmentSweeper.name);
  private readonly swept: Counter;
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly objects: AttachmentObjectStore,
    @Inject(ATTACHMENT_CONFIG) private readonly config: AttachmentConfig,
    metrics: MetricsRegistry,
  ) {
    this.swept =
      (metrics.registry.getSingleMetric(SWEPT_METRIC) as Counter | undefined) ??
      new Counter({
        name: SWEPT_METRIC,
        help: 'Attachments whose object the sweeper deleted.',
        registers: [metrics.registry],
      });
  }

  onApplicationBootstrap(): void {
    if (this.config.ATTACHMENT_SWEEP_INTERVAL_MS > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** Sweeps everything due at `now`, batch after batch; resolves with how many it deleted. */
  async sweep(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.sweepBatch(now);
      total += deleted;
      if (deleted < this.config.ATTACHMENT_SWEEP_BATCH_SIZE || this.stopped) return total;
    }
  }

  private sweepBatch(now: Date): Promise<number> {
    return this.attachments.transaction(async (manager) => {
      const due = await this.attachments.lockDue(manager, now, this.config.ATTACHMENT_SWEEP_BATCH_SIZE);
      if (due.length === 0) return 0;
      await this.objects.remove(due.map((row) => row.objectKey));
      await this.attachments.markDeleted(
        manager,
        due.map((row) => row.id),
      );
      this.swept.inc(due.length);
      return due.length;
    });
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const run = this.sweep()
        .then((deleted) => {
          if (deleted > 0) this.logger.log(`swept ${deleted} expired attachment(s)`);
        })
        .catch((error: unknown) =>
          this.logger.warn(
            `sweep failed, retrying next interval: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      this.current = run;
      void run.finally(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.config.ATTACHMENT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }
}
