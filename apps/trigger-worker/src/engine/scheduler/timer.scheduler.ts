import { nestMessagingLogger, PollingLoop } from '@herald/messaging';
import { TransactionRunner, type Tx } from '@herald/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { WORKER_CONFIG, type WorkerConfig } from '../../platform/config/worker.config';
import { WORKER_SETTINGS, type WorkerSettings } from '../../platform/config/worker-settings';
import { WorkerMetrics } from '../../platform/worker.metrics';
import { TimerHandlers } from './timer.handlers';
import { type DueTimer, TimerRepository } from './timer.repository';

/** The NOTIFY channel the timers table's trigger announces new and moved timers on. */
export const TIMERS_NOTIFY_CHANNEL = 'herald_timers_trigger';

const MAX_FAILURE_BACKOFF_MS = 5 * 60_000;

/**
 * The durable scheduler's poller. Each pass claims due timers with FOR UPDATE SKIP LOCKED, runs
 * their handlers and deletes them in the same transaction — so a timer fires once even with
 * several replicas, and a replica dying mid-pass leaves its timers to the next claimer. Between
 * passes it sleeps until the next timer is due (at most the poll interval), woken early by NOTIFY.
 */
@Injectable()
export class TimerScheduler {
  private readonly logger = new Logger(TimerScheduler.name);
  private readonly loop: PollingLoop<number>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly timers: TimerRepository,
    private readonly handlers: TimerHandlers,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    this.loop = new PollingLoop({
      pass: () => this.runOnce(),
      pauseAfter: (claimed) => this.pauseAfter(claimed),
      failureDelayMs: (failures) => Math.min(30_000, 500 * 2 ** Math.min(failures, 6)),
      onFailure: (error) =>
        this.logger.error({
          msg: 'scheduler pass failed',
          error: error instanceof Error ? error.message : String(error),
        }),
      listen: {
        url: config.DATABASE_URL,
        channel: TIMERS_NOTIFY_CHANNEL,
        logger: nestMessagingLogger('TimerScheduler'),
        applicationName: 'trigger-worker-scheduler-listener',
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Finishes the pass in progress, then stops. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass: claim due timers, fire them, delete them, commit. Returns how many were claimed. */
  runOnce(): Promise<number> {
    return this.transactions.run(async (tx) => {
      const due = await this.timers.claimDue(tx, this.settings.schedulerBatchSize);
      if (due.length === 0) return 0;
      const now = Date.now();
      for (const timer of due)
        this.metrics.timerLag.observe({ kind: timer.kind }, Math.max(0, now - new Date(timer.runAt).getTime()) / 1000);
      const groups = new Map<string, DueTimer[]>();
      for (const timer of due) {
        const key = `${timer.kind}|${timer.environmentId}`;
        groups.set(key, [...(groups.get(key) ?? []), timer]);
      }
      const fired: string[] = [];
      for (const group of groups.values()) {
        if (await this.fireGroup(tx, group, fired)) continue;
        if (group.length === 1) {
          await this.backOff(tx, group[0]);
          continue;
        }
        // One bad timer must not hold back the others: retry them one by one.
        for (const timer of group) if (!(await this.fireGroup(tx, [timer], fired))) await this.backOff(tx, timer);
      }
      await this.timers.delete(tx, fired);
      return due.length;
    });
  }

  /** Fires a group inside a savepoint; false (rolled back) when a handler threw. */
  private async fireGroup(tx: Tx, group: DueTimer[], fired: string[]): Promise<boolean> {
    const { kind, environmentId } = group[0];
    let again: ReadonlySet<string>;
    try {
      const subjectIds = group.map((timer) => timer.subjectId);
      again = await this.transactions.savepoint(tx, 'timer_group', () =>
        this.handlers.fire(tx, environmentId, kind, subjectIds),
      );
    } catch (error) {
      this.metrics.timersFired.inc({ kind, outcome: 'failed' }, group.length);
      this.logger.error({
        msg: 'timer handler failed',
        kind,
        environmentId,
        timers: group.length,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
    for (const timer of group) {
      if (again.has(timer.subjectId)) await this.timers.postpone(tx, timer.id, new Date());
      else fired.push(timer.id);
    }
    this.metrics.timersFired.inc({ kind, outcome: 'fired' }, group.length);
    return true;
  }

  private async backOff(tx: Tx, timer: DueTimer): Promise<void> {
    const delayMs = Math.min(MAX_FAILURE_BACKOFF_MS, 1_000 * 2 ** Math.min(timer.failures, 16));
    await this.timers.postpone(tx, timer.id, new Date(Date.now() + delayMs), 'handler failed; see logs');
  }

  /** Between passes: at once after a full batch, else until the next timer is due (at most the poll interval). */
  private async pauseAfter(claimed: number): Promise<number> {
    if (claimed >= this.settings.schedulerBatchSize) return 0;
    const next = await this.timers.nextRunAt(this.transactions.autoCommit);
    const untilNext = next ? new Date(next).getTime() - Date.now() : Number.POSITIVE_INFINITY;
    return Math.max(0, Math.min(untilNext, this.settings.schedulerPollIntervalMs));
  }
}
