import { CONTRACT_LIMITS, isDeliveryChannel, JobStatus, type SubscriberSnapshot } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { WorkerMetrics } from '../../platform/worker.metrics';
import { STEP_KINDS, type StepArrival, type StepCanceled, type StepKind, type StepKinds } from '../../steps/step-kind';
import { JobRepository, type JobTransition } from '../jobs/job.repository';
import type { JobRow } from '../jobs/job.row';
import { JobContextLoader, stepOf } from './job-context.loader';
import { decideStart } from './start-decision';
import type { SubscriberContext } from './subscriber.repository';

/**
 * Moves chains forward. `start` takes PENDING jobs whose turn has come and decides each one: its
 * step kind starts it (queue and dispatch, delay, digest, throttle), or it is canceled with a
 * reason (failed, when deciding threw); whatever finishes at once hands over to the next job in its
 * chain, round after round, all in the caller's transaction.
 */
@Injectable()
export class JobChainAdvancer {
  /** Every kind once, in the registry's order: the order a round starts them in. */
  private readonly startOrder: readonly StepKind[];

  constructor(
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly metrics: WorkerMetrics,
    @Inject(STEP_KINDS) private readonly kinds: StepKinds,
  ) {
    this.startOrder = [...new Set(Object.values(kinds))];
  }

  /** Starts the jobs that follow `finishedIds` in their chains. */
  async startAfter(tx: Tx, environmentId: string, finishedIds: readonly string[]): Promise<void> {
    await this.start(tx, environmentId, await this.jobs.nextInChain(tx, environmentId, finishedIds));
  }

  /**
   * Starts the first jobs of chains this transaction just created (nobody else sees them yet).
   * An `unwritten` one (a delivery step, decision 0049) is written by its first transition, which
   * every first job gets: its start is decided (or fails) and a delivery step's start queues it.
   * `known`: the subscribers' snapshots and preferences as the caller's upsert answered them.
   */
  async startCreated(tx: Tx, environmentId: string, jobs: readonly JobRow[], known?: SubscriberContext): Promise<void> {
    await this.run(tx, environmentId, jobs, known);
    const lost = jobs.find((job) => job.unwritten);
    if (lost) throw new Error(`job ${lost.id} was started without being written`);
  }

  /** Starts PENDING jobs (others are left alone: a cancel may have come first). */
  async start(tx: Tx, environmentId: string, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length > 0) await this.run(tx, environmentId, await this.jobs.lock(tx, environmentId, jobIds));
  }

  private async run(
    tx: Tx,
    environmentId: string,
    firstRound: readonly JobRow[],
    known?: SubscriberContext,
  ): Promise<void> {
    let round = firstRound;
    for (let first = true; round.length > 0; first = false) {
      const now = new Date();
      const jobs = round.filter((job) => job.status === JobStatus.PENDING);
      if (jobs.length === 0) return;
      const needsPreferences = jobs.some((job) => isDeliveryChannel(job.stepType));
      const context = await this.context.load(tx, environmentId, jobs, {
        preferences: needsPreferences,
        known: first ? known : undefined,
      });
      const ended: JobTransition[] = [];
      const arrivals = new Map<StepKind, StepArrival<{ ok: true }>[]>();

      for (const job of jobs) {
        const event = context.events.get(job.eventId);
        if (!event) throw new Error(`job ${job.id} has no event`);
        const step = stepOf(event, job);
        const subscriber = context.subscribers.get(job.subscriberPk);
        const kind = this.kinds[step.type];
        const inputs = {
          workflow: event.workflow,
          step,
          subscriber: subscriber ? withoutCredentials(subscriber) : undefined,
          preferences: context.preferences.get(job.subscriberPk) ?? [],
          payload: event.payload,
          overrides: event.overrides,
          tenant: event.tenant ?? undefined,
          actor: event.actor ?? undefined,
          context: event.context ?? undefined,
          now,
        };
        const plan = decideSafely(() => decideStart(inputs, kind));
        if (!plan.ok) {
          const to = 'failed' in plan ? JobStatus.FAILED : JobStatus.CANCELED;
          ended.push({ job, to, cause: 'worker', detail: plan.reason });
          continue;
        }
        const arrival = { job, event, step, subscriber: subscriber!, plan, now };
        const group = arrivals.get(kind);
        if (group) group.push(arrival);
        else arrivals.set(kind, [arrival]);
      }

      const applied = await this.jobs.transition(tx, environmentId, ended);
      for (const transition of ended) {
        if (applied.has(transition.job.id)) this.metrics.jobTransitions.inc({ status: transition.to });
      }
      const finished = ended.map((transition) => transition.job.id);
      for (const kind of this.startOrder) {
        const group = arrivals.get(kind);
        if (group) finished.push(...(await kind.start(tx, environmentId, group)));
      }
      round = await this.jobs.lock(tx, environmentId, await this.jobs.nextInChain(tx, environmentId, finished));
    }
  }
}

/**
 * A job whose start cannot be decided — its plan threw, e.g. a date out of range computed from the
 * payload — FAILS with the error as its reason instead of failing the whole round's transaction,
 * which would be retried and dead-lettered with nothing in the activity feed (decision 0029).
 */
function decideSafely<P extends { ok: true }>(decide: () => P | StepCanceled): P | (StepCanceled & { failed?: true }) {
  try {
    return decide();
  } catch (error) {
    const reason = `Step failed: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, failed: true, reason: reason.slice(0, CONTRACT_LIMITS.maxDetailLength) };
  }
}

/** Step conditions see the subscriber's profile, never its channel credentials. */
function withoutCredentials({
  channels: _credentials,
  ...profile
}: SubscriberSnapshot): Omit<SubscriberSnapshot, 'channels'> {
  return profile;
}
