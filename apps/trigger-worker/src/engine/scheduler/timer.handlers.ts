import type { Tx } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { FanoutRunner } from '../../intake/fanout.runner';
import { STEP_KINDS, type StepKinds } from '../../steps/step-kind';
import { JobChainAdvancer } from '../chain/job-chain.advancer';
import { RetryDispatcher } from '../retry/retry.dispatcher';
import type { TimerKind } from './timer.repository';

/** Fires one environment's due timers of one kind; returns the subjects whose timer must fire again. */
type FireTimers = (tx: Tx, environmentId: string, subjectIds: readonly string[]) => Promise<ReadonlySet<string>>;

/** Fires timers that finish jobs; returns the jobs finished. */
type FinishJobs = (tx: Tx, environmentId: string, jobIds: readonly string[]) => Promise<string[]>;

/**
 * What each kind of timer does when it fires, set-based per (kind, environment): a step kind's
 * own timers (delay, digest), a retry's back-off, a fan-out's next page. A timer whose job moved
 * on meanwhile (canceled, taken over) is stale and does nothing.
 */
@Injectable()
export class TimerHandlers {
  private readonly byKind = new Map<string, FireTimers>();

  constructor(
    private readonly advancer: JobChainAdvancer,
    retries: RetryDispatcher,
    fanout: FanoutRunner,
    @Inject(STEP_KINDS) kinds: StepKinds,
  ) {
    for (const [type, kind] of Object.entries(kinds))
      if (kind.fireTimers) this.byKind.set(type, this.thenNext(kind.fireTimers.bind(kind)));
    this.byKind.set(
      'retry',
      this.thenNext((tx, environmentId, ids) => retries.redispatch(tx, environmentId, ids)),
    );
    this.byKind.set('fanout', (tx, environmentId, ids) => fanout.runPages(tx, environmentId, ids));
  }

  fire(tx: Tx, environmentId: string, kind: TimerKind, subjectIds: readonly string[]): Promise<ReadonlySet<string>> {
    const fire = this.byKind.get(kind);
    if (!fire) throw new Error(`no handler for timer kind ${kind}`);
    return fire(tx, environmentId, subjectIds);
  }

  /** The jobs a timer finished hand over to the next job in their chains. */
  private thenNext(finish: FinishJobs): FireTimers {
    return async (tx, environmentId, ids) => {
      await this.advancer.startAfter(tx, environmentId, await finish(tx, environmentId, ids));
      return new Set();
    };
  }
}
