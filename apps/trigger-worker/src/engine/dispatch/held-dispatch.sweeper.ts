import { PollingLoop } from '@herald/messaging';
import { TransactionRunner } from '@herald/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { WORKER_SETTINGS, type WorkerSettings } from '../../platform/config/worker-settings';
import { JobChainAdvancer } from '../chain/job-chain.advancer';
import { DispatchGate } from './dispatch-gate';
import { HeldDispatchReleaser } from './held-dispatch.releaser';
import { HeldDispatchRepository, type HeldLane } from './held-dispatch.repository';

/** Lanes visited per pass; the next pass goes on from the last one. */
const LANES_PER_PASS = 200;

/**
 * Releases held jobs when no status event does (decision 0032): a report lost with a crashed
 * runner, a job finished by a transaction that could not yet see the jobs held beside it. Each
 * pass visits the lanes (environment, channel) with held jobs in turn, one short transaction
 * each, so every environment gets its room back whatever the others hold. Runs beside the
 * scheduler, on its interval.
 */
@Injectable()
export class HeldDispatchSweeper {
  private readonly logger = new Logger(HeldDispatchSweeper.name);
  private readonly loop: PollingLoop<number>;
  private after?: HeldLane;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly gate: DispatchGate,
    private readonly held: HeldDispatchRepository,
    private readonly releaser: HeldDispatchReleaser,
    private readonly advancer: JobChainAdvancer,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {
    this.loop = new PollingLoop({
      pass: () => this.runOnce(),
      pauseAfter: (lanes) => Promise.resolve(lanes >= LANES_PER_PASS ? 0 : this.settings.schedulerPollIntervalMs),
      failureDelayMs: (failures) => Math.min(30_000, 500 * 2 ** Math.min(failures, 6)),
      onFailure: (error) =>
        this.logger.error({
          msg: 'held dispatch sweep failed',
          error: error instanceof Error ? error.message : String(error),
        }),
    });
  }

  /** Starts sweeping, unless the cap is off (nothing is ever held then). */
  start(): void {
    if (this.gate.cap !== undefined) this.loop.start();
  }

  /** Finishes the pass in progress, then stops. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass: the next lanes with held jobs, each released in its own transaction. Returns how many lanes it visited. */
  async runOnce(): Promise<number> {
    const lanes = await this.held.heldLanes(this.transactions.autoCommit, this.after, LANES_PER_PASS);
    this.after = lanes.length >= LANES_PER_PASS ? lanes[lanes.length - 1] : undefined;
    for (const lane of lanes) {
      await this.transactions.run(async (tx) => {
        const gone = await this.releaser.releaseLane(tx, lane);
        await this.advancer.startAfter(tx, lane.environmentId, gone);
      });
    }
    return lanes.length;
  }
}
