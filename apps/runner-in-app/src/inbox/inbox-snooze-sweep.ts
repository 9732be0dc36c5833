import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { InboxNotificationsRepository } from './inbox-notifications.repository';

/** How often the sweep runs, and how many ended snoozes one pass announces at most. */
export const SNOOZE_SWEEP_INTERVAL_MS = 10_000;
export const SNOOZE_SWEEP_BATCH = 500;

/**
 * A snooze that ends changes no row by itself (a snoozed notification is one whose `snoozed_until`
 * is still ahead), so nothing would tell connected clients it is back (decision 0035). On an
 * interval this marks (`announceEndedSnoozes`), in bounded batches, the notifications whose snooze has just passed as
 * announced; the update fires the inbox counts trigger, which announces each subscriber's counts
 * with them included. Idempotent: a marked row is never swept again until it is snoozed anew, and
 * `SKIP LOCKED` lets every replica sweep at once without announcing a row twice.
 */
@Injectable()
export class InboxSnoozeSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxSnoozeSweep.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly notifications: InboxNotificationsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), SNOOZE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass: marks (and so announces) at most `batch` ended snoozes; answers how many. */
  async sweep(batch = SNOOZE_SWEEP_BATCH): Promise<number> {
    return this.notifications.announceEndedSnoozes(batch);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep();
    try {
      await this.running;
    } catch (error) {
      this.logger.warn(`Snooze sweep failed; the next pass retries: ${(error as Error).message}`);
    } finally {
      this.running = undefined;
    }
  }
}
