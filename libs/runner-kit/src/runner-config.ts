import {
  ConfigOf,
  ConfigVariable,
  defineConfig,
  int,
  intList,
  runnerCredentialsKey,
  runnerCredentialsPreviousKeys,
  serviceVariables,
  str,
} from '@herald/config';

import type { Cidr } from './outbound/ip-ranges';
import { parseCidrList } from './outbound/outbound-guard';

/** The delivery channels that have a runner; each is its own app, queue and schema. */
export const RUNNER_CHANNELS = {
  email: { app: 'runner-email', schema: 'runner_email', defaultPort: 3003 },
  sms: { app: 'runner-sms', schema: 'runner_sms', defaultPort: 3004 },
  push: { app: 'runner-push', schema: 'runner_push', defaultPort: 3005 },
  chat: { app: 'runner-chat', schema: 'runner_chat', defaultPort: 3006 },
  in_app: { app: 'runner-in-app', schema: 'runner_in_app', defaultPort: 3007 },
} as const;

export type RunnerChannel = keyof typeof RUNNER_CHANNELS;

function cidrList(spec: { doc: string }): ConfigVariable<Cidr[]> {
  return { ...spec, default: [], shownDefault: '(none)', parse: parseCidrList };
}

/** The key that opens the credentials the gateway seals for the runners, and the one being rotated out (0031). */
function credentialsKeyVariables() {
  return {
    RUNNER_CREDENTIALS_KEY: runnerCredentialsKey(),
    RUNNER_CREDENTIALS_KEY_PREVIOUS: runnerCredentialsPreviousKeys(),
  };
}

type RunnerVariables = ReturnType<typeof loopVariables> & Partial<ReturnType<typeof credentialsKeyVariables>>;

/**
 * A runner's configuration definition: the variables every service has, the runner loop's, and
 * the runner credentials keys. Those only for runners that fetch integrations: the in-app runner
 * delivers with its built-in integration, so it never holds a key it has no use for.
 */
export function runnerConfig(channel: RunnerChannel) {
  const { app, defaultPort } = RUNNER_CHANNELS[channel];
  const keys = channel === 'in_app' ? {} : credentialsKeyVariables();
  const variables: RunnerVariables = { ...loopVariables(defaultPort), ...keys };
  return defineConfig(app, variables);
}

function loopVariables(defaultPort: number) {
  return {
    ...serviceVariables(defaultPort),
    RUNNER_OUTBOUND_ALLOWED_CIDRS: cidrList({
      doc: 'Runners refuse provider and webhook targets on loopback, private and link-local addresses (SSRF guard) except in these comma-separated CIDR blocks, e.g. 127.0.0.0/8 for local development and tests',
    }),
    RUNNER_PROVIDER_TIMEOUT_MS: int({
      doc: 'Deadline of one provider call (HTTP request or SMTP session)',
      default: 10_000,
      min: 100,
      max: 120_000,
    }),
    RUNNER_SEND_LEASE_MS: int({
      doc: 'How long a runner holds a job it is sending before another replica may resume it (keep above the provider timeout times the integrations tried, at most 5)',
      default: 90_000,
      min: 1_000,
    }),
    RUNNER_INTEGRATIONS_CACHE_TTL_MS: int({
      doc: 'How long a runner keeps the integrations of an environment (integration.changed.v1 drops them sooner)',
      default: 60_000,
      min: 0,
    }),
    RUNNER_RPC_TIMEOUT_MS: int({
      doc: 'Deadline of the integrations RPC to the gateway',
      default: 5_000,
      min: 100,
      max: 60_000,
    }),
    RUNNER_DELIVERY_TRANSACTIONS: int({
      doc: 'Transactions a runner with in-database deliveries (the inbox) runs at once, each committing the jobs that waited together (keep it under DB_POOL_SIZE)',
      default: 3,
      min: 1,
      max: 50,
    }),
    RUNNER_OUTCOME_JOURNAL_DIR: str({
      doc: "Directory of this process's journal of provider answers not yet recorded (file runner-CHANNEL.journal): a runner killed between a send and its commit records the outcome on restart instead of sending the key again. One directory per process, on storage that outlives the process (a pod's emptyDir, the container's own layer in compose; npm start uses .herald/journal); empty: off",
      default: '',
    }),
    RUNNER_RETRY_DELAYS_MS: intList({
      doc: 'Delays before a job message whose handling hit an infrastructure error (database, gateway RPC, a send lease held elsewhere) is tried again; then it is dead-lettered',
      default: [1_000, 10_000, 60_000, 120_000],
    }),
  };
}

export type RunnerConfig = ConfigOf<ReturnType<typeof runnerConfig>>;
export const RUNNER_CONFIG = Symbol('RUNNER_CONFIG');
