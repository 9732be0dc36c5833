import { JobStatus, type JobStatusChangedData } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { EventRepository } from '../engine/chain/event.repository';
import { JobChainAdvancer } from '../engine/chain/job-chain.advancer';
import { hasLaterStep, stepOf } from '../engine/chain/job-context.loader';
import { HeldDispatchReleaser } from '../engine/dispatch/held-dispatch.releaser';
import { JobRepository, type JobTransition } from '../engine/jobs/job.repository';
import type { JobRow } from '../engine/jobs/job.row';
import { stepRetryPolicy } from '../engine/retry/step-retry-policy';
import { TimerRepository, type TimerSpec } from '../engine/scheduler/timer.repository';
import { WORKER_SETTINGS, type WorkerSettings } from '../platform/config/worker-settings';
import { WorkerMetrics } from '../platform/worker.metrics';
import { decideRunnerEvent } from './runner-event.decision';

/**
 * Applies a runner's `job.status-changed.v1` to its job: RUNNING, then COMPLETED (the chain moves
 * on), CANCELED (likewise), or FAILED — retried after back-off while attempts remain and the
 * error is retryable, else final (the chain moves on unless the step says `stopOnFail`).
 * Late, duplicated and backward reports change nothing.
 */
@Injectable()
export class ApplyJobStatusUseCase {
  private readonly logger = new Logger(ApplyJobStatusUseCase.name);

  constructor(
    private readonly jobs: JobRepository,
    private readonly events: EventRepository,
    private readonly timers: TimerRepository,
    private readonly advancer: JobChainAdvancer,
    private readonly releaser: HeldDispatchReleaser,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  /**
   * Applies a batch of reports (delivery order) set-based: per round, the jobs are locked, then
   * changed with their details and message rows in one statement, and the chains of the finished ones move
   * on together. A job reported twice in the batch gets its later report in a later round, decided
   * against the job as the earlier one left it — the outcome of applying them one by one.
   */
  async executeMany(tx: Tx, reports: readonly JobStatusChangedData[]): Promise<void> {
    for (const round of roundsOnePerJob(reports)) {
      for (const [environmentId, group] of byEnvironment(round)) await this.applyRound(tx, environmentId, group);
    }
  }

  /** Reports of one environment, at most one per job. */
  private async applyRound(tx: Tx, env: string, reports: readonly JobStatusChangedData[]): Promise<void> {
    const jobs = new Map(
      (
        await this.jobs.lock(
          tx,
          env,
          reports.map((report) => report.jobId),
        )
      ).map((job) => [job.id, job]),
    );
    const events = await this.events.findByIds(
      tx,
      env,
      [...jobs.values()].map((job) => job.eventId),
    );
    const transitions: JobTransition[] = [];
    const retryTimers: TimerSpec[] = [];
    const stopping: JobRow[] = [];
    const finished: string[] = [];
    // Channels on which a job stopped being in flight: room for the environment's held jobs (0032).
    const freed = new Set<string>();

    for (const report of reports) {
      const job = jobs.get(report.jobId);
      if (!job) {
        this.metrics.statusEventsIgnored.inc({ reason: 'unknown-job' });
        this.logger.warn({
          msg: 'status event for an unknown job ignored',
          environmentId: env,
          jobId: report.jobId,
          status: report.status,
        });
        continue;
      }
      const event = events.get(job.eventId);
      if (!event) throw new Error(`job ${job.id} has no event`);
      const policy = stepRetryPolicy(stepOf(event, job), this.settings);
      const decision = decideRunnerEvent(
        { status: job.status, attempt: job.attempt, maxAttempts: policy.maxAttempts },
        report,
        { baseDelayMs: this.settings.retryBaseDelayMs, maxDelayMs: this.settings.retryMaxDelayMs },
      );
      if (decision.kind === 'ignore') {
        this.metrics.statusEventsIgnored.inc({ reason: decision.reason });
        this.logger.debug({
          msg: 'status event changed nothing',
          jobId: job.id,
          status: report.status,
          attempt: report.attempt,
          jobStatus: job.status,
          jobAttempt: job.attempt,
          reason: decision.reason,
        });
        continue;
      }
      const base = {
        job,
        source: 'runner' as const,
        providerId: report.providerId,
        occurredAt: new Date(report.occurredAt),
        raw: compact({
          integrationId: report.integrationId,
          providerMessageId: report.providerMessageId,
          error: report.error,
          delivery: report.delivery,
        }),
      };
      if (decision.kind === 'retry') {
        const runAt = new Date(Date.now() + decision.delayMs);
        const detail = `${report.detail} — attempt ${job.attempt} of ${policy.maxAttempts} failed (${report.error?.code}); retrying as attempt ${decision.nextAttempt} in ${(decision.delayMs / 1000).toFixed(1)} s${decision.providerRetryAfterMs ? " (the provider's Retry-After)" : ''}`;
        transitions.push({
          ...base,
          to: JobStatus.QUEUED,
          cause: 'retry',
          attempt: decision.nextAttempt,
          runAt,
          detail,
          // Not in flight while it waits out the back-off; its retry timer goes through the cap again.
          dispatch: 'none',
        });
        freed.add(job.stepType);
        retryTimers.push({ environmentId: env, kind: 'retry', subjectId: job.id, runAt });
        this.metrics.jobTransitions.inc({ status: 'retry' });
        continue;
      }
      const finalFailure = decision.to === JobStatus.FAILED;
      const detail =
        finalFailure && report.error?.retryable
          ? `${report.detail} — giving up after ${job.attempt} attempt${job.attempt === 1 ? '' : 's'}`
          : report.detail;
      transitions.push({
        ...base,
        to: decision.to,
        cause: 'runner',
        detail,
        // The messages read model, written with the change (decision 0049).
        ...(decision.to === JobStatus.COMPLETED && report.delivery
          ? {
              delivery: {
                channel: report.delivery.channel,
                recipient: report.delivery.recipient,
                messageId: report.delivery.messageId,
                providerMessageId: report.providerMessageId,
              },
            }
          : {}),
      });
      this.metrics.jobTransitions.inc({ status: decision.to });
      if (decision.to === JobStatus.RUNNING) continue;
      freed.add(job.stepType);
      if (finalFailure && policy.stopOnFail) stopping.push(job);
      // The last step's job has nothing after it: spare the lookup.
      else if (hasLaterStep(event, job)) finished.push(job.id);
    }

    await this.jobs.transition(tx, env, transitions);
    await this.timers.schedule(tx, retryTimers);
    for (const job of stopping) {
      const rest = await this.jobs.laterInChain(tx, job, JobStatus.PENDING);
      await this.jobs.transition(
        tx,
        env,
        rest.map((next) => ({
          job: next,
          to: JobStatus.CANCELED,
          cause: 'worker' as const,
          detail: `Canceled: step ${job.stepId} failed and stops the workflow on failure`,
        })),
      );
    }
    finished.push(...(await this.releaser.release(tx, env, freed)));
    await this.advancer.startAfter(tx, env, finished);
  }
}

/** Splits reports into rounds holding each job at most once, keeping every job's reports in order. */
export function roundsOnePerJob<R extends { jobId: string }>(reports: readonly R[]): R[][] {
  const rounds: R[][] = [];
  const seen = new Map<string, number>();
  for (const report of reports) {
    const round = seen.get(report.jobId) ?? 0;
    seen.set(report.jobId, round + 1);
    (rounds[round] ??= []).push(report);
  }
  return rounds;
}

function byEnvironment(reports: readonly JobStatusChangedData[]): Map<string, JobStatusChangedData[]> {
  const groups = new Map<string, JobStatusChangedData[]>();
  for (const report of reports) {
    const group = groups.get(report.environmentId);
    if (group) group.push(report);
    else groups.set(report.environmentId, [report]);
  }
  return groups;
}

function compact(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
