/**
 * Tunables of the worker that are not (yet) environment variables: production defaults here,
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
  /** Run the durable scheduler's poller in this process (off: a consumer-only replica). */
  schedulerEnabled: boolean;
}

/** The defaults a deployment runs with. */
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
  schedulerEnabled: true,
};

/** Injection token of the resolved `WorkerSettings`. */
export const WORKER_SETTINGS = Symbol('WORKER_SETTINGS');
