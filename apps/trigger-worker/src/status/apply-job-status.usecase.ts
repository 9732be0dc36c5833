import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobStatus, type JobStatusChangedData } from '@herald/contracts';
import type { EntityManager } from 'typeorm';
import { JobChainAdvancer } from '../chain/job-chain.advancer';
import { hasLaterStep, stepOf } from '../chain/job-context.loader';
import { WORKER_SETTINGS, type WorkerSettings } from '../config/worker-settings';
import { decideRunnerEvent } from '../jobs/runner-event.decision';
import { stepRetryPolicy } from '../jobs/step-retry-policy';
import { WorkerMetrics } from '../metrics/worker.metrics';
import { EventRepository } from '../persistence/event.repository';
import { JobRepository, type JobTransition } from '../persistence/job.repository';
import { MessageRepository } from '../persistence/message.repository';
import { TimerRepository } from '../persistence/timer.repository';

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
    private readonly messages: MessageRepository,
    private readonly advancer: JobChainAdvancer,
    private readonly metrics: WorkerMetrics,
    @Inject(WORKER_SETTINGS) private readonly settings: WorkerSettings,
  ) {}

  async execute(manager: EntityManager, report: JobStatusChangedData): Promise<void> {
    const env = report.environmentId;
    const [job] = await this.jobs.lock(manager, env, [report.jobId]);
    if (!job) {
      this.metrics.statusEventsIgnored.inc({ reason: 'unknown-job' });
      this.logger.warn({ msg: 'status event for an unknown job ignored', environmentId: env, jobId: report.jobId, status: report.status });
      return;
    }
    const event = (await this.events.findByIds(manager, env, [job.eventId])).get(job.eventId);
    if (!event) throw new Error(`job ${job.id} has no event`);
    const policy = stepRetryPolicy(stepOf(event, job), this.settings);
    const decision = decideRunnerEvent({ status: job.status, attempt: job.attempt, maxAttempts: policy.maxAttempts }, report, { baseDelayMs: this.settings.retryBaseDelayMs, maxDelayMs: this.settings.retryMaxDelayMs });
    if (decision.kind === 'ignore') {
      this.metrics.statusEventsIgnored.inc({ reason: decision.reason });
      this.logger.debug({ msg: 'status event changed nothing', jobId: job.id, status: report.status, attempt: report.attempt, jobStatus: job.status, jobAttempt: job.attempt, reason: decision.reason });
      return;
    }
    const base = {
      job,
      source: 'runner' as const,
      providerId: report.providerId,
      occurredAt: new Date(report.occurredAt),
      raw: compact({ integrationId: report.integrationId, providerMessageId: report.providerMessageId, error: report.error, delivery: report.delivery }),
    };
    if (decision.kind === 'retry') {
      const runAt = new Date(Date.now() + decision.delayMs);
      const detail = `${report.detail} — attempt ${job.attempt} of ${policy.maxAttempts} failed (${report.error?.code}); retrying as attempt ${decision.nextAttempt} in ${(decision.delayMs / 1000).toFixed(1)} s`;
      await this.jobs.transition(manager, env, [{ ...base, to: JobStatus.QUEUED, cause: 'retry', attempt: decision.nextAttempt, runAt, detail }]);
      await this.timers.schedule(manager, [{ environmentId: env, kind: 'retry', subjectId: job.id, runAt }]);
      this.metrics.jobTransitions.inc({ status: 'retry' });
      return;
    }
    const finalFailure = decision.to === JobStatus.FAILED;
    const detail = finalFailure && report.error?.retryable ? `${report.detail} — giving up after ${job.attempt} attempt${job.attempt === 1 ? '' : 's'}` : report.detail;
    const change: JobTransition = { ...base, to: decision.to, cause: 'runner', detail };
    await this.jobs.transition(manager, env, [change]);
    this.metrics.jobTransitions.inc({ status: decision.to });
    if (decision.to === JobStatus.COMPLETED && report.delivery) await this.messages.record(manager, job, report);
    if (decision.to === JobStatus.RUNNING) return;
    if (finalFailure && policy.stopOnFail) {
      const rest = await this.jobs.laterInChain(manager, job, JobStatus.PENDING);
      await this.jobs.transition(manager, env, rest.map((next) => ({ job: next, to: JobStatus.CANCELED, cause: 'worker' as const, detail: `Canceled: step ${job.stepId} failed and stops the workflow on failure` })));
      return;
    }
    // The last step's job has nothing after it: spare the lookup.
    if (hasLaterStep(event, job)) await this.advancer.startAfter(manager, env, [job.id]);
  }
}

function compact(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(record).filter(([, value]) => value !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
