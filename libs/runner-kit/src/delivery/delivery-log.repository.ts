import type { JobDispatchData } from '@herald/contracts';
import {
  type MessagePublisher,
  publishAfterCommit,
  type PublishedAfterCommit,
  publishingAfterCommit,
  writeToOutbox,
} from '@herald/messaging';
import { TransactionBatcher, type Tx, txOf } from '@herald/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import { ClaimDecision, decideClaim, type DeliveryOutcome, type ExistingDelivery } from './claim-decision';
import type { CompletedOutcome, JobOutcome } from './job-outcome';
import { outcomeEvent, runningEvent } from './status-event.factory';

interface DeliveryRow {
  environment_id: string;
  delivery_key: string;
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
  error_code: string | null;
  error_message: string | null;
  error_retryable: boolean | null;
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
  /** Publishes a one-transaction delivery's events once its transaction commits (no outbox: 0046). */
  publisher: Pick<MessagePublisher, 'publish'>;
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
  private readonly batcher: TransactionBatcher<OneTransactionDelivery, PublishedAfterCommit<OneTransactionResult>>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DeliveryLogOptions,
  ) {
    this.table = `"${options.schema}".deliveries`;
    this.batcher = new TransactionBatcher(
      dataSource,
      // Their status events (and the inbox's announcements) are published after the commit (0046).
      publishingAfterCommit(
        { publisher: options.publisher, dataSource, schema: options.schema },
        (manager, inputs: readonly OneTransactionDelivery[]) => this.claimAndRecordMany(manager, inputs),
      ),
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
      const decision = decideClaim(existingDelivery(existing), job);
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
   * record in one transaction, with no lease and no RUNNING since the outcome can never be unknown
   * (0013, amendment). A new key is delivered first and its row inserted with the outcome (one
   * write); the insert conflicting means another process recorded the key meanwhile, so the
   * transaction rolls back and the retry decides against that row. A key that has a row is
   * locked (`FOR UPDATE`) and `decideClaim` applies as for `claim`. Jobs handled at the same moment
   * share the transaction (`TransactionBatcher`, 0024): a failing batch runs again job by job.
   *
   * The status event (and the inbox's announcement) is published after the commit, with the
   * broker's confirm, before this resolves — so before the dispatch is acked (0046). A process
   * that dies in between leaves the dispatch unacked; its redelivery finds the recorded outcome
   * (`skip`/duplicate) and publishes the same event again, with the same id (the worker applies
   * it once). Resolves to what was recorded, or to the decision that stopped it.
   */
  async claimAndRecord(job: JobDispatchData, deliver: (tx: Tx) => Promise<JobOutcome>): Promise<OneTransactionResult> {
    const { result, publish } = await this.batcher.run({ job, deliver });
    await publish();
    return result;
  }

  /**
   * `claimAndRecord` for the deliveries that share a transaction, set-based (decision 0049): their
   * keys' rows are read and locked in one statement; the new keys are delivered together (a
   * delivery that writes, the inbox, joins their writes) and their rows inserted with their
   * outcomes in one statement; a key that has a row is decided first, in turn, as
   * `decideClaim` says. A new row the insert finds taken (another process recorded the key
   * meanwhile) fails the batch, which `TransactionBatcher` then runs again job by job, each
   * deciding against the row it finds.
   */
  private async claimAndRecordMany(
    manager: EntityManager,
    inputs: readonly OneTransactionDelivery[],
  ): Promise<OneTransactionResult[]> {
    const keys = inputs.map(({ job }) => environmentDeliveryKey(job.environmentId, job.deliveryKey));
    // A key twice in the batch (a redelivered attempt next to its retry): each decides against the row the one before left.
    if (new Set(keys).size < keys.length) {
      const results: OneTransactionResult[] = [];
      for (const input of inputs) results.push(...(await this.claimAndRecordMany(manager, [input])));
      return results;
    }
    const rows = await this.selectForUpdate(
      manager,
      inputs.map(({ job }) => job),
    );
    const found = new Map(rows.map((row) => [environmentDeliveryKey(row.environment_id, row.delivery_key), row]));
    const results: OneTransactionResult[] = [];
    const fresh: { index: number; job: JobDispatchData; deliver: (tx: Tx) => Promise<JobOutcome> }[] = [];
    for (const [index, { job, deliver }] of inputs.entries()) {
      const existing = found.get(keys[index]);
      if (existing) results[index] = await this.claimAndRecordExisting(manager, job, existing, deliver);
      else fresh.push({ index, job, deliver });
    }
    // New keys are delivered together, so a delivery that writes (the inbox) can write them in one statement.
    const settled = await Promise.allSettled(fresh.map(({ deliver }) => deliver(txOf(manager))));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const recorded = fresh.map(({ index, job }, position) => {
      const outcome = (settled[position] as PromiseFulfilledResult<JobOutcome>).value;
      results[index] = { kind: 'recorded', outcome };
      return { job, outcome };
    });
    await this.insertRecorded(manager, recorded);
    return results;
  }

  /** A key that has a row: decided against it (`decideClaim`), delivering only for a claim. */
  private async claimAndRecordExisting(
    manager: EntityManager,
    job: JobDispatchData,
    existing: DeliveryRow,
    deliver: (tx: Tx) => Promise<JobOutcome>,
  ): Promise<OneTransactionResult> {
    const decision = decideClaim(existingDelivery(existing), job);
    if (decision.kind === 'report-delivered') await this.reportDelivered(manager, job, existing);
    // A redelivery of an attempt already recorded: its status event may not have been published.
    if (decision.kind === 'skip' && decision.reason === 'duplicate')
      await this.publishOutcome(manager, job, recordedOutcome(existing, job));
    if (decision.kind !== 'claim') return decision;
    const outcome = await deliver(txOf(manager));
    await this.writeOutcome(manager, job, outcome);
    return { kind: 'recorded', outcome };
  }

  /** Inserts new keys' rows with their outcomes (one write each, one statement) and their status events. */
  private async insertRecorded(
    manager: EntityManager,
    recorded: readonly { job: JobDispatchData; outcome: JobOutcome }[],
  ): Promise<void> {
    if (recorded.length === 0) return;
    const columns = recorded.map(({ job, outcome }) => [
      ...outcomeParameters(job, outcome),
      job.transactionId,
      job.subscriber.subscriberId,
      job.step.stepId,
    ]);
    const column = (index: number) => columns.map((row) => row[index]);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (job_id, environment_id, delivery_key, transaction_id, subscriber_id, step_id, attempt, ${OUTCOME_COLUMNS})
       SELECT r.job_id, r.environment_id, r.delivery_key, r.transaction_id, r.subscriber_id, r.step_id, r.attempt, r.outcome, NULL,
         r.integration_id, r.provider_id, r.provider_message_id, r.recipient, r.message_id, r.error_code, r.error_message, r.error_retryable
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[],
         $12::text[], $13::int[], $14::text[], $15::text[], $16::text[])
         AS r(environment_id, delivery_key, outcome, integration_id, provider_id, provider_message_id, recipient, message_id, error_code, error_message, error_retryable,
           job_id, attempt, transaction_id, subscriber_id, step_id)
       ON CONFLICT DO NOTHING RETURNING 1`,
      Array.from({ length: 16 }, (_, index) => column(index)),
    );
    if (inserted.length < recorded.length)
      throw new Error(
        `${recorded.length - inserted.length} deliveries were recorded by another process meanwhile; retrying`,
      );
    for (const { job, outcome } of recorded) await this.publishOutcome(manager, job, outcome);
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
   * Stores the attempt's outcome on the key's row (locked by the caller) and its status event. The
   * row becomes this job's attempt (already so after `claim`; not yet when `claimAndRecord` takes
   * over a failed earlier attempt).
   */
  private async writeOutcome(manager: EntityManager, job: JobDispatchData, outcome: JobOutcome): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET (${OUTCOME_COLUMNS}, updated_at) = ($3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, now()), job_id = $12, attempt = $13
       WHERE environment_id = $1 AND delivery_key = $2`,
      outcomeParameters(job, outcome),
    );
    await this.publishOutcome(manager, job, outcome);
  }

  /** The outcome's status event, published after the commit: by `claimAndRecord`'s batch, else from the outbox. */
  private publishOutcome(manager: EntityManager, job: JobDispatchData, outcome: JobOutcome): Promise<void> {
    return publishAfterCommit(manager, this.options.schema, [{ envelope: outcomeEvent(job, outcome) }]);
  }

  /** Answers a newer attempt of a delivered key with COMPLETED and the stored provider ids, sending nothing. */
  private async reportDelivered(manager: EntityManager, job: JobDispatchData, existing: DeliveryRow): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET job_id = $3, attempt = $4, updated_at = now() WHERE environment_id = $1 AND delivery_key = $2`,
      [job.environmentId, job.deliveryKey, job.jobId, job.attempt],
    );
    await this.publishOutcome(manager, job, {
      ...(recordedOutcome(existing, job) as CompletedOutcome),
      detail: `Already delivered by ${existing.provider_id ?? 'a provider'} for this delivery key; not sent again`,
    });
  }

  /**
   * Locks the rows of the jobs' keys (in key order, so concurrent lockers never deadlock on each
   * other), found by key (`= ANY`): joined alone, stale statistics can make Postgres hash the table.
   */
  private selectForUpdate(manager: EntityManager, jobs: readonly JobDispatchData[]): Promise<DeliveryRow[]> {
    return manager.query(
      `SELECT d.environment_id, d.delivery_key, job_id, attempt, outcome, COALESCE(locked_until > now(), false) AS lease_live, (outcome = 'sending' AND locked_until IS NULL) AS released,
         integration_id, provider_id, provider_message_id, recipient, message_id, error_code, error_message, error_retryable
       FROM ${this.table} d JOIN unnest($1::text[], $2::text[]) AS k(environment_id, delivery_key)
         ON d.environment_id = k.environment_id AND d.delivery_key = k.delivery_key
       WHERE d.delivery_key = ANY($2::text[])
       ORDER BY d.environment_id, d.delivery_key FOR UPDATE OF d`,
      [jobs.map((job) => job.environmentId), jobs.map((job) => job.deliveryKey)],
    ) as Promise<DeliveryRow[]>;
  }

  /**
   * Locks the key's row, or inserts it as a fresh claim (`'inserted'`): with a send lease, or
   * without one for a quarantined dispatch recorded in the same transaction.
   */
  private async lockOrInsert(
    manager: EntityManager,
    job: JobDispatchData,
    leased = true,
  ): Promise<DeliveryRow | 'inserted'> {
    const [found] = await this.selectForUpdate(manager, [job]);
    if (found) return found;
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
    // A concurrent claim inserted it first (ON CONFLICT waited for its commit): decide against it.
    const [raced] = await this.selectForUpdate(manager, [job]);
    if (!raced) throw new Error(`delivery ${job.jobId} conflicts with another job's row; retrying`);
    return raced;
  }
}

/** The outcome columns `updateOutcome` and the one-write insert set, in `outcomeParameters` order ($3–$11). */
const OUTCOME_COLUMNS =
  'outcome, locked_until, integration_id, provider_id, provider_message_id, recipient, message_id, error_code, error_message, error_retryable';

/** $1 environment, $2 delivery key, $3–$11 the outcome's columns (locked_until is always NULL), $12 job, $13 attempt. */
function outcomeParameters(job: JobDispatchData, outcome: JobOutcome): unknown[] {
  const delivered = outcome.status === 'completed' ? outcome : undefined;
  const failed = outcome.status === 'failed' ? outcome : undefined;
  return [
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
  ];
}

/** A delivery key within its environment, as one map key (ids never hold control characters). */
export function environmentDeliveryKey(environmentId: string, deliveryKey: string): string {
  return `${environmentId}\u0000${deliveryKey}`;
}

function existingDelivery(row: DeliveryRow): ExistingDelivery {
  return {
    jobId: row.job_id,
    attempt: row.attempt,
    outcome: row.outcome,
    leaseLive: row.lease_live,
    released: row.released,
  };
}

/** The outcome a row records (delivered, failed or canceled), to publish its status event again. */
function recordedOutcome(row: DeliveryRow, job: JobDispatchData): JobOutcome {
  const providerId = row.provider_id ?? undefined;
  const integrationId = row.integration_id ?? undefined;
  if (row.outcome === 'delivered')
    return {
      status: 'completed',
      integrationId: integrationId ?? 'unknown',
      providerId: providerId ?? 'unknown',
      providerMessageId: row.provider_message_id ?? undefined,
      messageId: row.message_id ?? undefined,
      recipient: row.recipient ?? job.subscriber.subscriberId,
      detail: `Delivered by ${providerId ?? 'a provider'}`,
    };
  if (row.outcome === 'canceled') return { status: 'canceled', detail: row.error_message ?? 'canceled' };
  const message = row.error_message ?? 'failed';
  return {
    status: 'failed',
    providerId,
    integrationId,
    error: { code: row.error_code ?? 'failed', message, retryable: row.error_retryable ?? false },
    detail: message,
  };
}
