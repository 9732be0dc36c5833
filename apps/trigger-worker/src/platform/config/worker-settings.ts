/**
 * The worker's tunables. A deployment sets them through `WORKER_*` variables (worker.config.ts);
 * tests and benchmarks pass overrides to `AppModule.forConfig(config, overrides)`.
 */
export interface WorkerSettings {
  /** Subscribers read, and notifications created, per fan-out transaction. */
  fanoutBatchSize: number;
  /** How often the scheduler looks for due timers when nothing wakes it earlier. */
  schedulerPollIntervalMs: number;
  /** Due timers claimed per scheduler transaction. */
  schedulerBatchSize: number;
  /** Attempts per delivery job unless the step says otherwise (`controlValues.maxAttempts`). */
  jobMaxAttempts: number;
  /** Back-off before retry n is about `base * 2^(n-1)`, with jitter, capped at `retryMaxDelayMs`. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Outbox rows published per relay pass. */
  outboxBatchSize: number;
  /** Unacked `trigger.requested.v1` deliveries at a time. */
  triggerPrefetch: number;
  /** Unacked `job.status-changed.v1` deliveries at a time. */
  statusPrefetch: number;
  /** Transactions each work-queue consumer runs at once, each committing a batch of the deliveries that waited together (0024). */
  consumerTransactions: number;
  /** Run the durable scheduler's poller in this process (off: a consumer-only replica). */
  schedulerEnabled: boolean;
  /**
   * Dispatched, unfinished delivery jobs one environment may have on one channel; the rest wait
   * in Postgres, held, until room is made (decision 0032). 0 turns the cap off.
   */
  dispatchInFlightPerEnvironment: number;
}

/** The defaults a deployment runs with when no `WORKER_*` variable says otherwise. */
export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  fanoutBatchSize: 1000,
  schedulerPollIntervalMs: 1000,
  schedulerBatchSize: 500,
  jobMaxAttempts: 3,
  retryBaseDelayMs: 5_000,
  retryMaxDelayMs: 10 * 60_000,
  outboxBatchSize: 500,
  triggerPrefetch: 20,
  statusPrefetch: 50,
  consumerTransactions: 2,
  schedulerEnabled: true,
  dispatchInFlightPerEnvironment: 500,
};

/** Injection token of the resolved `WorkerSettings`. */
export const WORKER_SETTINGS = Symbol('WORKER_SETTINGS');

/** The tunables a loaded configuration asks for. */
export function workerSettingsFrom(config: {
  WORKER_FANOUT_BATCH_SIZE: number;
  WORKER_TRIGGER_PREFETCH: number;
  WORKER_STATUS_PREFETCH: number;
  WORKER_CONSUMER_TRANSACTIONS: number;
  WORKER_JOB_MAX_ATTEMPTS: number;
  WORKER_RETRY_BASE_DELAY_MS: number;
  WORKER_RETRY_MAX_DELAY_MS: number;
  WORKER_OUTBOX_BATCH_SIZE: number;
  WORKER_SCHEDULER_ENABLED: boolean;
  WORKER_SCHEDULER_POLL_INTERVAL_MS: number;
  WORKER_SCHEDULER_BATCH_SIZE: number;
  WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT: number;
}): WorkerSettings {
  return {
    fanoutBatchSize: config.WORKER_FANOUT_BATCH_SIZE,
    triggerPrefetch: config.WORKER_TRIGGER_PREFETCH,
    statusPrefetch: config.WORKER_STATUS_PREFETCH,
    consumerTransactions: config.WORKER_CONSUMER_TRANSACTIONS,
    jobMaxAttempts: config.WORKER_JOB_MAX_ATTEMPTS,
    retryBaseDelayMs: config.WORKER_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: Math.max(config.WORKER_RETRY_MAX_DELAY_MS, config.WORKER_RETRY_BASE_DELAY_MS),
    outboxBatchSize: config.WORKER_OUTBOX_BATCH_SIZE,
    schedulerEnabled: config.WORKER_SCHEDULER_ENABLED,
    schedulerPollIntervalMs: config.WORKER_SCHEDULER_POLL_INTERVAL_MS,
    schedulerBatchSize: config.WORKER_SCHEDULER_BATCH_SIZE,
    dispatchInFlightPerEnvironment: config.WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT,
  };
}
