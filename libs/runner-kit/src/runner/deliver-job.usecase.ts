import type { Envelope, JobDispatchData, RunnerIntegration } from '@herald/contracts';
import type { Tx } from '@herald/persistence';
import { buildTemplateContext, TemplateRenderer, TemplateRenderError } from '@herald/templating';
import { Logger } from '@nestjs/common';

import type { AttachmentFetcher, FetchedAttachment } from '../attachments/attachment-fetcher';
import type { DeliveryLog } from '../delivery/delivery-log.repository';
import type { JobOutcome } from '../delivery/job-outcome';
import type { OutcomeJournal } from '../delivery/outcome-journal';
import { UnrecordedOutcomes } from '../delivery/unrecorded-outcomes';
import type { IntegrationDirectory } from '../integrations/integration-directory';
import { selectIntegrations } from '../integrations/integration-selection';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { DeliveryProvider, RenderedContent, SendContext } from '../providers/delivery-provider';
import { outputSanitizationDisabled } from '../providers/output-sanitization';
import { failureFromError } from '../providers/provider-failure';
import { channelOverridesOf, providerOverridesOf } from '../providers/provider-overrides';
import { type Candidate, type FailoverResult, runFailover } from './failover.executor';
import type { RunnerDefinition } from './runner-definition';

/** Thrown (so the messaging lib retries later) when another process holds the job's send lease. */
export class DeliveryInProgressError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} is being sent by another process (lease held); retrying later`);
    this.name = 'DeliveryInProgressError';
  }
}

/** What the use case is built from. */
export interface DeliverJobDependencies {
  definition: RunnerDefinition;
  service: string;
  log: DeliveryLog;
  /** Absent for runners with a built-in integration. */
  directory?: IntegrationDirectory;
  renderer: TemplateRenderer;
  /** Used when the definition asks for attachments. */
  attachments?: AttachmentFetcher;
  http: OutboundHttpClient;
  providerTimeoutMs: number;
  /**
   * How long to keep trying to record the outcome of a send that already happened (the database
   * being unreachable) before giving up; keep it under the send lease. Default 10 s.
   */
  recordRetryMs?: number;
  /** Sends made but not recorded, kept for the message's retry (one per process). */
  unrecorded?: UnrecordedOutcomes;
  /** Where a provider's answer is written before it is recorded, so it outlives the process (RUNNER_OUTCOME_JOURNAL_DIR). */
  journal?: OutcomeJournal;
}

/** A job's plan before sending: a decided outcome, or candidates to try. */
type Plan = { kind: 'decided'; outcome: JobOutcome } | { kind: 'send'; candidates: Candidate[] };

/**
 * The runner loop for one `job.dispatch.<channel>.v1`: claim (RUNNING) → integrations → render →
 * deliver with failover → record with the outcome's status event. A runner with a built-in
 * integration plans first (nothing to fetch) and, when nothing is sent outside the database (the
 * inbox), claims, delivers and records in one transaction with only the terminal status event.
 * Provider and template errors are outcomes; only infrastructure errors (database, RPC to the
 * gateway) throw, so the messaging lib retries the message, and the delivery log makes that
 * retry safe.
 */
export class DeliverJobUseCase {
  private readonly logger = new Logger('DeliverJob');
  private readonly providers: ReadonlyMap<string, DeliveryProvider>;
  private readonly unrecorded: UnrecordedOutcomes;

  constructor(private readonly deps: DeliverJobDependencies) {
    this.providers = new Map(deps.definition.providers.map((provider) => [provider.providerId, provider]));
    this.unrecorded = deps.unrecorded ?? new UnrecordedOutcomes();
  }

  async execute(envelope: Envelope<JobDispatchData>): Promise<void> {
    const job = envelope.data;
    const planned = this.deps.definition.builtinIntegration ? await this.plan(job) : undefined;
    if (planned && sendsNothingOutside(planned)) return this.deliverInOneTransaction(job, planned);
    const known = this.unrecorded.find(job);
    if (known) return this.recordKnownOutcome(job, known);
    const claim = await this.deps.log.claim(job);
    if (claim.kind === 'busy') throw new DeliveryInProgressError(job.jobId);
    if (claim.kind !== 'claim') return this.logNotSent(job, claim.kind === 'skip' ? claim.reason : 'already delivered');
    let plan: Plan;
    try {
      plan = planned ?? (await this.plan(job));
    } catch (error) {
      // Nothing was sent: free the key so the retry need not wait for the lease.
      await this.deps.log.release(job).catch(() => undefined);
      throw error;
    }
    const result: FailoverResult =
      plan.kind === 'decided'
        ? { kind: 'outcome', outcome: plan.outcome, attempts: 0 }
        : await runFailover(plan.candidates, this.sendContext(job));
    let outcome: JobOutcome | undefined;
    const record = () => this.deps.log.record(job, async (tx) => (outcome = await this.outcomeIn(tx, job, result)));
    // A provider send is not part of the record transaction: its outcome is known now and lost if
    // this throws (the retry would find the claim still "sending", wait out the lease and send the
    // same key again). So keep trying to record it for a while; the inbox's send is inside the
    // transaction and may simply be retried.
    if (result.kind !== 'outcome') return this.logOutcome(job, (await record()) ? outcome : undefined, 1);
    // A provider answered: from here its outcome must outlive this process until it is recorded.
    const sentOutside = plan.kind === 'send';
    if (sentOutside) this.deps.journal?.sent(job, result.outcome);
    try {
      const recorded = await this.retryWhileFailing(job, record);
      // Recorded, or the claim was finished by another process: either way nothing is left to replay.
      if (sentOutside) this.deps.journal?.recorded(job);
      this.logOutcome(job, recorded ? outcome : undefined, result.attempts);
    } catch (error) {
      this.unrecorded.remember(job, result.outcome);
      throw error;
    }
  }

  /**
   * Records the outcomes an earlier process of this runner journaled but did not record (it was
   * killed between the provider's answer and the commit): call on start, before taking jobs, so
   * their keys are `delivered` before a copy of the job is tried again. One try each; one that
   * fails (the database is away) stays in the journal for the next start and in this process's
   * memory for the job's retry. Answers how many were recorded.
   */
  async recordJournaledOutcomes(): Promise<number> {
    let recorded = 0;
    for (const { job, outcome } of this.deps.journal?.pending() ?? []) {
      try {
        const applied = await this.deps.log.record(job, async () => outcome);
        this.deps.journal?.recorded(job);
        if (applied) recorded += 1;
        this.logger.log({
          msg: 'recorded the journaled outcome of a send made before a restart; not sent again',
          jobId: job.jobId,
          environmentId: job.environmentId,
          attempt: job.attempt,
          status: outcome.status,
          recorded: applied,
        });
      } catch (error) {
        this.unrecorded.remember(job, outcome);
        this.logger.warn({
          msg: 'journaled outcome not recorded yet; kept for the retry',
          jobId: job.jobId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return recorded;
  }

  closeJournal(): void {
    this.deps.journal?.close();
  }

  /**
   * The message of a send this process made but could not record is back: record what was sent
   * (if the delivery log still holds this attempt as `sending`) rather than send it again.
   */
  private async recordKnownOutcome(job: JobDispatchData, known: JobOutcome): Promise<void> {
    const recorded = await this.retryWhileFailing(job, () => this.deps.log.record(job, async () => known));
    this.unrecorded.forget(job);
    this.deps.journal?.recorded(job);
    this.logger.log({
      msg: 'recorded the outcome of an earlier send of this attempt; not sent again',
      jobId: job.jobId,
      environmentId: job.environmentId,
      attempt: job.attempt,
      status: known.status,
      recorded,
    });
  }

  /**
   * Claim + deliver + record in one transaction, for a plan whose delivery is a write in the
   * runner's own schema (or that sends nothing at all): no lease, no RUNNING (0013, amendment).
   * An infrastructure error rolls all of it back and the message is simply retried.
   */
  private async deliverInOneTransaction(job: JobDispatchData, plan: Plan): Promise<void> {
    const result: FailoverResult =
      plan.kind === 'decided'
        ? { kind: 'outcome', outcome: plan.outcome, attempts: 0 }
        : await runFailover(plan.candidates, this.sendContext(job));
    const done = await this.deps.log.claimAndRecord(job, (tx) => this.outcomeIn(tx, job, result));
    if (done.kind === 'busy') throw new DeliveryInProgressError(job.jobId);
    if (done.kind !== 'recorded') return this.logNotSent(job, done.kind === 'skip' ? done.reason : 'already delivered');
    this.logOutcome(job, done.outcome, result.kind === 'outcome' ? result.attempts : 1);
  }

  /** The outcome to record, making a transactional delivery inside the record transaction. */
  private async outcomeIn(tx: Tx, job: JobDispatchData, result: FailoverResult): Promise<JobOutcome> {
    if (result.kind === 'outcome') return result.outcome;
    const context = { jobId: job.jobId, environmentId: job.environmentId, deliveryKey: job.deliveryKey };
    const sent = await result.delivery.send(tx, context);
    return sent.ok
      ? {
          status: 'completed',
          integrationId: result.integration.id,
          providerId: result.integration.providerId,
          providerMessageId: sent.providerMessageId,
          messageId: sent.messageId,
          recipient: result.delivery.recipient,
          detail: `Stored by ${result.integration.providerId}`,
        }
      : {
          status: 'failed',
          integrationId: result.integration.id,
          providerId: result.integration.providerId,
          error: { ...sent.failure },
          detail: sent.failure.message,
        };
  }

  private async retryWhileFailing(job: JobDispatchData, record: () => Promise<boolean>): Promise<boolean> {
    const giveUpAt = Date.now() + (this.deps.recordRetryMs ?? 10_000);
    // Short pauses: once the database is back, the outcome should be recorded within a second.
    for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 1_000)) {
      try {
        return await record();
      } catch (error) {
        if (Date.now() + pauseMs > giveUpAt) throw error;
        this.logger.warn({
          msg: 'could not record a sent job; retrying',
          jobId: job.jobId,
          environmentId: job.environmentId,
          attempt: job.attempt,
          error: error instanceof Error ? error.message : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  private async plan(job: JobDispatchData): Promise<Plan> {
    const integrations = await this.integrations(job);
    const selection = this.deps.definition.builtinIntegration
      ? { ok: true as const, candidates: integrations }
      : selectIntegrations(integrations, {
          channel: job.step.type,
          supportedProviders: new Set(this.providers.keys()),
          overrides: job.overrides,
        });
    if (!selection.ok) return decidedFailure(selection.failure.code, selection.failure.message);
    let content: RenderedContent;
    try {
      const htmlControls = outputSanitizationDisabled(job) ? [] : this.deps.definition.htmlControls;
      const context = buildTemplateContext(job);
      content = await this.deps.renderer.renderControls(job.step.controlValues, context, { htmlControls });
    } catch (error) {
      if (error instanceof TemplateRenderError) return decidedFailure(error.code, error.message);
      throw error;
    }
    let attachments: readonly FetchedAttachment[] = [];
    if (this.deps.definition.attachments && job.attachments.length > 0 && this.deps.attachments) {
      const fetched = await this.deps.attachments.fetch(job);
      if (!fetched.ok) return decidedFailure(fetched.code, fetched.message);
      attachments = fetched.attachments;
    }
    const channelOverrides = channelOverridesOf(job.overrides, job.step.type);
    const candidates = selection.candidates.map((integration): Candidate => {
      const provider = this.providers.get(integration.providerId);
      if (!provider)
        return {
          integration,
          preparation: {
            ok: false,
            failure: {
              code: 'provider_not_supported',
              message: `${integration.providerId} is not supported by ${this.deps.service}`,
              retryable: false,
            },
          },
        };
      try {
        return {
          integration,
          preparation: provider.prepare({
            job,
            integration,
            content,
            channelOverrides,
            attachments,
            providerOverrides: providerOverridesOf(job.overrides, job.step.stepId, integration.providerId),
          }),
        };
      } catch (error) {
        return {
          integration,
          preparation: { ok: false, failure: { ...failureFromError(integration.providerId, error), retryable: false } },
        };
      }
    });
    return { kind: 'send', candidates };
  }

  private integrations(job: JobDispatchData): Promise<RunnerIntegration[]> {
    const builtin = this.deps.definition.builtinIntegration;
    if (builtin) return Promise.resolve([builtin]);
    if (!this.deps.directory) throw new Error('runner has neither a built-in integration nor an integration directory');
    return this.deps.directory.list(job.environmentId);
  }

  private sendContext(job: JobDispatchData): SendContext {
    return {
      jobId: job.jobId,
      environmentId: job.environmentId,
      deliveryKey: job.deliveryKey,
      http: this.deps.http,
      guard: this.deps.http.guard,
      timeoutMs: this.deps.providerTimeoutMs,
    };
  }

  private logNotSent(job: JobDispatchData, reason: string): void {
    this.logger.debug({
      msg: `job not sent (${reason})`,
      jobId: job.jobId,
      environmentId: job.environmentId,
      attempt: job.attempt,
    });
  }

  // Identifiers and codes only: never payloads, addresses, credentials, tokens or webhook URLs.
  private logOutcome(job: JobDispatchData, outcome: JobOutcome | undefined, attempts: number): void {
    const base = { jobId: job.jobId, environmentId: job.environmentId, attempt: job.attempt };
    if (!outcome)
      return this.logger.warn({
        msg: 'job outcome not recorded: another process finished this delivery key first',
        ...base,
      });
    if (outcome.status === 'completed')
      return this.logger.debug({
        msg: 'job delivered',
        ...base,
        providerId: outcome.providerId,
        integrationId: outcome.integrationId,
        integrationsTried: attempts,
      });
    if (outcome.status === 'canceled')
      return this.logger.log({ msg: 'job canceled: subscriber data missing', ...base });
    this.logger.warn({
      msg: 'job failed',
      ...base,
      providerId: outcome.providerId,
      code: outcome.error.code,
      retryable: outcome.error.retryable,
      integrationsTried: attempts,
    });
  }
}

/**
 * True when delivering the plan touches nothing outside the database: an outcome is decided, or
 * failover reaches a transactional delivery (the inbox) before any external one, so
 * `runFailover` returns without sending.
 */
function sendsNothingOutside(plan: Plan): boolean {
  if (plan.kind === 'decided') return true;
  const first = plan.candidates.find((candidate) => candidate.preparation.ok);
  return !first || (first.preparation.ok && first.preparation.delivery.kind === 'transactional');
}

function decidedFailure(code: string, message: string): Plan {
  return {
    kind: 'decided',
    outcome: { status: 'failed', error: { code, message, retryable: false }, detail: message },
  };
}
