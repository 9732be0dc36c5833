import type { JobDispatchData } from '@herald/contracts';
import { writeToOutbox } from '@herald/messaging';
import { eachInTurn, TransactionBatcher, type Tx, txOf } from '@herald/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import { ClaimDecision, decideClaim, type DeliveryOutcome } from './claim-decision';
import type { JobOutcome } from './job-outcome';
import { outcomeEvent, runningEvent } from './status-event.factory';

interface DeliveryRow {
  job_id: string;
  attempt: number;
  outcome: DeliveryOutcome;
  lease_live: boolean;
  released: boolean;
  integration_id: string | null;
  provider_id: string | null;
  provider_message_id: string | null;
  recipient: string | null;
  message_id: string | null;
}

/** Delivery-log settings. */
export interface DeliveryLogOptions {
  /** The runner's schema (`runner_<channel>`). */
  schema: string;
  /** The runner's service name, for status details. */
  service: string;
  /** How long a claim holds the send before another process may resume it. */
  leaseMs: number;
  /** One-transaction deliveries (`claimAndRecord`) waiting together share a transaction, up to this many (the consumer's prefetch). */
  maxBatch?: number;
  /** Such transactions in flight at once (default 1). */
  transactions?: number;
}

/** A one-transaction delivery waiting for its batch. */
interface OneTransactionDelivery {
  job: JobDispatchData;
  deliver: (tx: Tx) => Promise<JobOutcome>;
}

/** What `claimAndRecord` did: recorded an outcome, or stopped at the claim decision (nothing delivered). */
export type OneTransactionResult =
  { kind: 'recorded'; outcome: JobOutcome } | Exclude<ClaimDecision, { kind: 'claim' }>;

const OUTCOME_OF: Record<JobOutcome['status'], DeliveryOutcome> = {
  completed: 'delivered',
  failed: 'failed',
  canceled: 'canceled',
};

/**
 * `<schema>.deliveries`, one row per delivery key: the claim before a send (with a lease) and the
 * record after it, each in one transaction with the status event it publishes (outbox) — or, for
 * a delivery inside the runner's own schema, both in a single transaction (`claimAndRecord`).
 */
export class DeliveryLog {
  private readonly table: string;
  private readonly batcher: TransactionBatcher<OneTransactionDelivery, OneTransactionResult>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DeliveryLogOptions,
  ) {
    this.table = `"${options.schema}".deliveries`;
    this.batcher = new TransactionBatcher(
      dataSource,
      eachInTurn((manager, { job, deliver }: OneTransactionDelivery) => this.claimAndRecordIn(manager, job, deliver)),
      {
        maxBatch: options.maxBatch ?? 1,
        concurrency: options.transactions,
      },
    );
  }

  /**
   * Decides (see `decideClaim`) and acts in one transaction: a claim takes the lease and writes
   * RUNNING; a delivery found for an earlier attempt writes COMPLETED for this one, sending
   * nothing. Resolves to the decision.
   */
  claim(job: JobDispatchData): Promise<ClaimDecision> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.lockOrInsert(manager, job);
      if (existing === 'inserted') {
        await writeToOutbox(manager, this.options.schema, { envelope: runningEvent(job, this.options.service, false) });
        return { kind: 'claim', resend: false } as const;
      }
      const decision = decideClaim(
        {
          jobId: existing.job_id,
          attempt: existing.attempt,
          outcome: existing.outcome,
          leaseLive: existing.lease_live,
          released: existing.released,
        },
        job,
      );
      if (decision.kind === 'claim') {
        await manager.query(
          `UPDATE ${this.table} SET job_id = $3, attempt = $4, outcome = 'sending', locked_until = now() + $5 * interval '1 millisecond',
             integration_id = NULL, provider_id = NULL, provider_message_id = NULL, error_code = NULL, error_message = NULL, error_retryable = NULL, updated_at = now()
           WHERE environment_id = $1 AND delivery_key = $2`,
          [job.environmentId, job.deliveryKey, job.jobId, job.attempt, this.options.leaseMs],
        );
        await writeToOutbox(manager, this.options.schema, {
          envelope: runningEvent(job, this.options.service, decision.resend),
        });
      } else if (decision.kind === 'report-delivered') {
        await this.reportDelivered(manager, job, existing);
      }
      return decision;
    });
  }

  /**
   * For a transactional delivery (the inbox: the send is a write in this schema), claim, send and
   * record in one transaction: the key's row is inserted or locked (`FOR UPDATE`, so two replicas
   * cannot both deliver it), `decideClaim` applies as for `claim`, and on a claim `deliver` runs
   * inside the transaction and only its terminal status event is written — no lease and no
   * RUNNING, since the outcome can never be unknown (0013, amendment). Resolves to what was
   * recorded, or to the decision that stopped it (`busy` only when an older-style claim holds a
   * live lease). Jobs handled at the same moment share the transaction (`TransactionBatcher`,
   * 0024): a failing batch runs again job by job.
   */
  claimAndRecord(job: JobDispatchData, deliver: (tx: Tx) => Promise<JobOutcome>): Promise<OneTransactionResult> {
    return this.batcher.run({ job, deliver });
  }

  private async claimAndRecordIn(
    manager: EntityManager,
    job: JobDispatchData,
    deliver: (tx: Tx) => Promise<JobOutcome>,
  ): Promise<OneTransactionResult> {
    const existing = await this.lockOrInsert(manager, job, false);
    if (existing !== 'inserted') {
      const decision = decideClaim(
        {
          jobId: existing.job_id,
          attempt: existing.attempt,
          outcome: existing.outcome,
          leaseLive: existing.lease_live,
          released: existing.released,
        },
        job,
      );
      if (decision.kind === 'report-delivered') await this.reportDelivered(manager, job, existing);
      if (decision.kind !== 'claim') return decision;
    }
    const outcome = await deliver(txOf(manager));
    await this.writeOutcome(manager, job, outcome);
    return { kind: 'recorded', outcome };
  }

  /**
   * Records a dispatch that was quarantined (decision 0030: it kept killing the runner) as FAILED,
   * not retryable, with the reason, and writes its status event — unless the key was delivered
   * (then COMPLETED is reported, as for any newer attempt) or this attempt already has an outcome.
   * Idempotent: a second call finds the outcome and writes nothing. Resolves to what it wrote.
   */
  recordQuarantined(job: JobDispatchData, reason: string): Promise<'failed' | 'delivered' | 'nothing'> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.lockOrInsert(manager, job, false);
      if (existing !== 'inserted') {
        // The lease of the process that died holding the job does not count: nothing else handles it.
        const { job_id: jobId, attempt, outcome, released } = existing;
        const decision = decideClaim({ jobId, attempt, outcome, leaseLive: false, released }, job);
        if (decision.kind === 'report-delivered') {
          await this.reportDelivered(manager, job, existing);
          return 'delivered';
        }
        if (decision.kind !== 'claim') return 'nothing';
      }
      const error = { code: 'quarantined', message: reason, retryable: false };
      await this.writeOutcome(manager, job, { status: 'failed', error, detail: reason });
      return 'failed';
    });
  }

  /** Gives up a claim before anything was sent (an infrastructure error), so a retry need not wait for the lease. */
  async release(job: JobDispatchData): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET locked_until = NULL, updated_at = now()
       WHERE environment_id = $1 AND delivery_key = $2 AND job_id = $3 AND attempt = $4 AND outcome = 'sending'`,
      [job.environmentId, job.deliveryKey, job.jobId, job.attempt],
    );
  }

  /**
   * Records the attempt's outcome and writes its status event, in one transaction. `decide` runs
   * inside it (a transactional delivery — the inbox — writes there). Resolves to false, recording
   * nothing, when the claim was taken over meanwhile (the lease expired and another process
   * finished the key first).
   */
  record(job: JobDispatchData, decide: (tx: Tx) => Promise<JobOutcome>): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `SELECT 1 FROM ${this.table} WHERE environment_id = $1 AND delivery_key = $2 AND job_id = $3 AND attempt = $4 AND outcome = 'sending' FOR UPDATE`,
        [job.environmentId, job.deliveryKey, job.jobId, job.attempt],
      );
      if (rows.length === 0) return false;
      await this.writeOutcome(manager, job, await decide(txOf(manager)));
      return true;
    });
  }

  /**
   * Stores the attempt's outcome on the key's row (locked by the caller) and writes its status
   * event. The row becomes this job's attempt (already so after `claim`; not yet when
   * `claimAndRecord` takes over a failed earlier attempt).
   */
  private async writeOutcome(manager: EntityManager, job: JobDispatchData, outcome: JobOutcome): Promise<void> {
    const delivered = outcome.status === 'completed' ? outcome : undefined;
    const failed = outcome.status === 'failed' ? outcome : undefined;
    await manager.query(
      `UPDATE ${this.table} SET job_id = $12, attempt = $13, outcome = $3, locked_until = NULL, integration_id = $4, provider_id = $5, provider_message_id = $6, recipient = $7,
         message_id = $8, error_code = $9, error_message = $10, error_retryable = $11, updated_at = now()
       WHERE environment_id = $1 AND delivery_key = $2`,
      [
        job.environmentId,
        job.deliveryKey,
        OUTCOME_OF[outcome.status],
        delivered?.integrationId ?? failed?.integrationId ?? null,
        delivered?.providerId ?? failed?.providerId ?? null,
        delivered?.providerMessageId ?? null,
        delivered?.recipient ?? null,
        delivered?.messageId ?? null,
        failed?.error.code ?? (outcome.status === 'canceled' ? 'canceled' : null),
        failed?.error.message ?? (outcome.status === 'canceled' ? outcome.detail : null),
        failed?.error.retryable ?? null,
        job.jobId,
        job.attempt,
      ],
    );
    await writeToOutbox(manager, this.options.schema, { envelope: outcomeEvent(job, outcome) });
  }

  /** Answers a newer attempt of a delivered key with COMPLETED and the stored provider ids, sending nothing. */
  private async reportDelivered(manager: EntityManager, job: JobDispatchData, existing: DeliveryRow): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET job_id = $3, attempt = $4, updated_at = now() WHERE environment_id = $1 AND delivery_key = $2`,
      [job.environmentId, job.deliveryKey, job.jobId, job.attempt],
    );
    const outcome: JobOutcome = {
      status: 'completed',
      integrationId: existing.integration_id ?? 'unknown',
      providerId: existing.provider_id ?? 'unknown',
      providerMessageId: existing.provider_message_id ?? undefined,
      messageId: existing.message_id ?? undefined,
      recipient: existing.recipient ?? job.subscriber.subscriberId,
      detail: `Already delivered by ${existing.provider_id ?? 'a provider'} for this delivery key; not sent again`,
    };
    await writeToOutbox(manager, this.options.schema, { envelope: outcomeEvent(job, outcome) });
  }

  /**
   * Locks the key's row, or inserts it as a fresh claim (`'inserted'`): with a send lease, or
   * without one for a claim that records in the same transaction. That one tries the insert
   * first, since its key is almost always new.
   */
  private async lockOrInsert(
    manager: EntityManager,
    job: JobDispatchData,
    leased = true,
  ): Promise<DeliveryRow | 'inserted'> {
    const select = () =>
      manager.query(
        `SELECT job_id, attempt, outcome, COALESCE(locked_until > now(), false) AS lease_live, (outcome = 'sending' AND locked_until IS NULL) AS released, integration_id, provider_id, provider_message_id, recipient, message_id
         FROM ${this.table} WHERE environment_id = $1 AND delivery_key = $2 FOR UPDATE`,
        [job.environmentId, job.deliveryKey],
      ) as Promise<DeliveryRow[]>;
    if (leased) {
      const [found] = await select();
      if (found) return found;
    }
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (job_id, environment_id, delivery_key, transaction_id, subscriber_id, step_id, attempt, outcome, locked_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', now() + $8::float8 * interval '1 millisecond')
       ON CONFLICT DO NOTHING RETURNING 1`,
      [
        job.jobId,
        job.environmentId,
        job.deliveryKey,
        job.transactionId,
        job.subscriber.subscriberId,
        job.step.stepId,
        job.attempt,
        leased ? this.options.leaseMs : null,
      ],
    );
    if (inserted.length > 0) return 'inserted';
    // The row exists, or a concurrent claim inserted it first (ON CONFLICT waited for its commit): decide against it.
    const [raced] = await select();
    if (!raced) throw new Error(`delivery ${job.jobId} conflicts with another job's row; retrying`);
    return raced;
  }
}
