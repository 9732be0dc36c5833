import { bool, ConfigOf, defineConfig, int, serviceVariables } from '@herald/config';

import { DEFAULT_WORKER_SETTINGS as defaults } from './worker-settings';

/** trigger-worker's configuration: the only reader of process.env in this app. */
export const workerConfig = defineConfig('trigger-worker', {
  ...serviceVariables(3002),
  WORKER_FANOUT_BATCH_SIZE: int({
    doc: 'Subscribers read, and notifications created, per fan-out transaction',
    default: defaults.fanoutBatchSize,
    min: 1,
    max: 10_000,
  }),
  WORKER_TRIGGER_PREFETCH: int({
    doc: 'Triggers processed at a time (unacked `trigger.requested.v1` deliveries)',
    default: defaults.triggerPrefetch,
    min: 1,
    max: 1_000,
  }),
  WORKER_STATUS_PREFETCH: int({
    doc: 'Job status events applied at a time (unacked `job.status-changed.v1` deliveries)',
    default: defaults.statusPrefetch,
    min: 1,
    max: 1_000,
  }),
  WORKER_CONSUMER_TRANSACTIONS: int({
    doc: 'Transactions each work-queue consumer runs at once, each committing the deliveries that waited together (keep it under DB_POOL_SIZE / 2)',
    default: defaults.consumerTransactions,
    min: 1,
    max: 50,
  }),
  WORKER_JOB_MAX_ATTEMPTS: int({
    doc: 'Attempts per delivery job unless the step sets `controlValues.maxAttempts`',
    default: defaults.jobMaxAttempts,
    min: 1,
    max: 50,
  }),
  WORKER_RETRY_BASE_DELAY_MS: int({
    doc: 'Back-off before retry n is about base * 2^(n-1), with jitter',
    default: defaults.retryBaseDelayMs,
    min: 1,
    max: 3_600_000,
  }),
  WORKER_RETRY_MAX_DELAY_MS: int({
    doc: 'Longest back-off between two attempts of a job',
    default: defaults.retryMaxDelayMs,
    min: 1,
    max: 86_400_000,
  }),
  WORKER_OUTBOX_BATCH_SIZE: int({
    doc: 'Outbox rows (job dispatches, events) published per relay pass',
    default: defaults.outboxBatchSize,
    min: 1,
    max: 10_000,
  }),
  WORKER_SCHEDULER_ENABLED: bool({
    doc: 'Run the durable scheduler (delays, digests, retries) in this replica; any number of replicas may run it',
    default: defaults.schedulerEnabled,
  }),
  WORKER_SCHEDULER_POLL_INTERVAL_MS: int({
    doc: 'How often the scheduler looks for due timers when no notification wakes it earlier',
    default: defaults.schedulerPollIntervalMs,
    min: 10,
    max: 60_000,
  }),
  WORKER_SCHEDULER_BATCH_SIZE: int({
    doc: 'Due timers claimed per scheduler transaction',
    default: defaults.schedulerBatchSize,
    min: 1,
    max: 10_000,
  }),
  WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT: int({
    doc: "Delivery jobs one environment may have dispatched and unfinished on one channel (queued at or running in the runners); the next ones wait in Postgres, still QUEUED, and go out oldest first as that environment's jobs finish (and from a sweep every WORKER_SCHEDULER_POLL_INTERVAL_MS), so one environment's backlog holds another's notifications back by at most this many per busy environment. 0 turns the cap off",
    default: defaults.dispatchInFlightPerEnvironment,
    min: 0,
    max: 100_000,
  }),
});

export type WorkerConfig = ConfigOf<typeof workerConfig>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
