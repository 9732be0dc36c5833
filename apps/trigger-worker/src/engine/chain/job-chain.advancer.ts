import { Injectable } from '@nestjs/common';
import { isDeliveryChannel, JobStatus, type SubscriberSnapshot } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { DigestCoordinator, type DigestArrivalInput } from '../../steps/digest/digest.coordinator';
import { decideStart } from './start-decision';
import { WorkerMetrics } from '../../platform/worker.metrics';
import { JobRepository, type JobTransition } from '../jobs/job.repository';
import type { JobRow } from '../jobs/job.row';
import { TimerRepository, type TimerSpec } from '../scheduler/timer.repository';
import { ThrottleGate, throttleCounterKey, type ThrottleArrivalInput } from '../../steps/throttle/throttle.gate';
import { DispatchWriter, type DispatchItem } from './dispatch.writer';
import { JobContextLoader, stepOf } from './job-context.loader';

/**
 * Moves chains forward. `start` takes PENDING jobs whose turn has come and decides each one
 * (queue and dispatch, delay, digest, throttle, or cancel with a reason); whatever finishes at once
 * hands over to the next job in its chain, round after round, all in the caller's transaction.
 */
@Injectable()
export class JobChainAdvancer {
  constructor(
    private readonly jobs: JobRepository,
    private readonly context: JobContextLoader,
    private readonly timers: TimerRepository,
    private readonly dispatch: DispatchWriter,
    private readonly digests: DigestCoordinator,
    private readonly throttles: ThrottleGate,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Starts the jobs that follow `finishedIds` in their chains. */
  async startAfter(manager: EntityManager, environmentId: string, finishedIds: readonly string[]): Promise<void> {
    await this.start(manager, environmentId, await this.jobs.nextInChain(manager, environmentId, finishedIds));
  }

  /** Starts the first jobs of chains this transaction just created (nobody else sees them yet). */
  startCreated(manager: EntityManager, environmentId: string, jobs: readonly JobRow[]): Promise<void> {
    return this.run(manager, environmentId, jobs);
  }

  /** Starts PENDING jobs (others are left alone: a cancel may have come first). */
  async start(manager: EntityManager, environmentId: string, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length > 0) await this.run(manager, environmentId, await this.jobs.lock(manager, environmentId, jobIds));
  }

  private async run(manager: EntityManager, environmentId: string, firstRound: readonly JobRow[]): Promise<void> {
    let round = firstRound;
    while (round.length > 0) {
      const now = new Date();
      const jobs = round.filter((job) => job.status === JobStatus.PENDING);
      if (jobs.length === 0) return;
      const needsPreferences = jobs.some((job) => isDeliveryChannel(job.stepType));
      const context = await this.context.load(manager, environmentId, jobs, { preferences: needsPreferences });
      const transitions: JobTransition[] = [];
      const dispatches: DispatchItem[] = [];
      const timers: TimerSpec[] = [];
      const digests: DigestArrivalInput[] = [];
      const throttles: ThrottleArrivalInput[] = [];
      const passed: string[] = [];

      for (const job of jobs) {
        const event = context.events.get(job.eventId);
        if (!event) throw new Error(`job ${job.id} has no event`);
        const step = stepOf(event, job);
        const subscriber = context.subscribers.get(job.subscriberPk);
        const decision = decideStart({
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
        });
        switch (decision.kind) {
          case 'dispatch':
            transitions.push(this.change(job, JobStatus.QUEUED, `Queued for the ${step.type} runner (attempt ${job.attempt})`));
            dispatches.push({ job, event, subscriber: subscriber! });
            break;
          case 'cancel':
            transitions.push(this.change(job, JobStatus.CANCELED, decision.reason));
            passed.push(job.id);
            break;
          case 'delay':
            transitions.push({ ...this.change(job, JobStatus.DELAYED, decision.detail), runAt: decision.runAt });
            timers.push({ environmentId, kind: 'delay', subjectId: job.id, runAt: decision.runAt });
            break;
          case 'digest':
            digests.push({ job, event, plan: decision.plan, now });
            break;
          case 'throttle':
            throttles.push({ job, event, plan: decision.plan, now });
            break;
        }
      }

      const applied = await this.jobs.transition(manager, environmentId, transitions);
      for (const t of transitions) if (applied.has(t.job.id)) this.metrics.jobTransitions.inc({ status: t.to });
      await this.timers.schedule(manager, timers);
      await this.dispatch.write(manager, dispatches.filter((item) => applied.has(item.job.id)));
      for (const arrival of digests) {
        const outcome = await this.digests.arrive(manager, arrival);
        this.metrics.digestArrivals.inc({ outcome });
        if (outcome === 'skipped') passed.push(arrival.job.id);
      }
      // Counter rows are locked in key order, so two transactions' rounds cannot wait on each other in a cycle.
      for (const arrival of throttles.sort(byCounterKey)) {
        const outcome = await this.throttles.arrive(manager, arrival);
        this.metrics.throttleArrivals.inc({ outcome });
        if (outcome === 'passed') passed.push(arrival.job.id);
      }
      round = await this.jobs.lock(manager, environmentId, await this.jobs.nextInChain(manager, environmentId, passed));
    }
  }

  private change(job: JobRow, to: JobStatus, detail: string): JobTransition {
    return { job, to, cause: 'worker', detail };
  }
}

function byCounterKey(a: ThrottleArrivalInput, b: ThrottleArrivalInput): number {
  const [x, y] = [throttleCounterKey(a), throttleCounterKey(b)].map((key) => JSON.stringify([key.subscriberPk, key.workflowId, key.stepId, key.throttleKey]));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Step conditions see the subscriber's profile, never its channel credentials. */
function withoutCredentials({ channels: _credentials, ...profile }: SubscriberSnapshot): Omit<SubscriberSnapshot, 'channels'> {
  return profile;
}
