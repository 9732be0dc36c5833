import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { HERALD_DATABASE_ROLES, provisionDatabase, serviceDatabaseUrl } from '@herald/persistence';
import {
  createTestDatabase,
  startTestS3Server,
  type TestS3Server,
  testServiceUrls,
  uniqueTestPrefix,
} from '@herald/testing';

import { type ServiceName, SERVICES } from '../../tools/dev/services';
import { deletePrefixedTopology } from './broker-cleanup';
import { freePorts } from './free-port';
import { ServiceProcess, type ServiceProcessOptions } from './service-process';

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
/** Test roles are cluster-wide, shared by every suite: one fixed password, so no suite changes it under another. */
const ROLE_PASSWORD = 'herald-local';

/** The whole of Herald, started for one e2e suite. */
export interface HeraldSystem {
  /** The gateway's base URL (`http://127.0.0.1:<port>`). */
  readonly apiUrl: string;
  /** The gateway's operator listener (`/admin/*`, `/metrics`): not on the public port. */
  readonly adminUrl: string;
  /** The dev environment's API key the gateway seeded. */
  readonly apiKey: string;
  /** The suite's own database (every service's schema lives in it), as the superuser that provisioned it. */
  readonly databaseUrl: string;
  /** The broker URL and the name prefix of every exchange and queue of this system. */
  readonly amqpUrl: string;
  readonly brokerPrefix: string;
  /** The running service processes, in start order. */
  readonly services: readonly ServiceProcess[];
  /** The process of one service (throws when it was not started). */
  service(app: ServiceName): ServiceProcess;
  /** `kill -9` one service and resolve once it is gone. */
  kill(app: ServiceName): Promise<void>;
  /** Starts a killed (or exited) service again on its port with its environment; resolves once `/health/ready` answers 200 (throws after `timeoutMs`, default 90 s). */
  restart(app: ServiceName, timeoutMs?: number): Promise<void>;
  /** Resolves once every service's `/health/ready` answers 200 (throws when one exited or after the timeout). */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** The captured output of every service. */
  output(): string;
  /** Runs a test body; when it throws, prints every service's captured output before rethrowing. */
  withLogsOnFailure(body: () => Promise<void>): Promise<void>;
  /** SIGTERM every service (SIGKILL after a timeout), stop S3, drop the database. */
  stop(): Promise<void>;
}

/**
 * Where and how the system runs. The defaults are the e2e suite's: the test services from
 * `testServiceUrls()`, a fresh database and a unique broker prefix, every service.
 */
export interface HeraldSystemOptions {
  /** A superuser URL of a database to use (provisioned: created, roles, schemas); not dropped by `stop()`. */
  databaseUrl?: string;
  /** The broker to use; with it, the suite's queues are left to whoever owns that broker. */
  amqpUrl?: string;
  redisUrl?: string;
  /** The services to start (default: every service; attachment-service brings the embedded S3 server). */
  apps?: readonly ServiceName[];
  /** Extra environment for every service (e.g. shorter leases for crash tests). */
  env?: Record<string, string>;
  /** The build output to run (see `ServiceProcessOptions.distDir`). */
  distDir?: string;
  /** Restart a service that dies on its own, with this back-off (see `ServiceProcessOptions.restartOnCrash`). */
  restartOnCrash?: ServiceProcessOptions['restartOnCrash'];
}

async function waitUntilReady(services: readonly ServiceProcess[], timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services);
  const lastAnswer = new Map<ServiceProcess, string>();
  while (pending.size > 0) {
    // A service that crashed and waits for its automatic restart is not dead, only not ready yet.
    const dead = services.filter((service) => service.hasExited && !service.restartPending);
    if (dead.length > 0) throw new Error(`exited before ready: ${dead.map((service) => service.app).join(', ')}`);
    if (Date.now() > deadline) {
      throw new Error(
        `not ready after ${timeoutMs / 1000} s: ${[...pending].map((service) => `${service.app} (${lastAnswer.get(service) ?? 'not listening'})`).join(', ')}`,
      );
    }
    await Promise.all(
      [...pending].map(async (service) => {
        try {
          const response = await fetch(service.healthUrl, { signal: AbortSignal.timeout(2_000) });
          if (response.status === 200) pending.delete(service);
          else lastAnswer.set(service, `${response.status} ${(await response.text()).slice(0, 300)}`);
        } catch {
          // not listening yet
        }
      }),
    );
    // Polling a readiness probe, not waiting for a test effect.
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Starts every service as its own OS process from `dist/` (run `node tools/build.js` first), the
 * way `npm start` does, but isolated: a fresh database, a unique broker prefix, random ports, an
 * embedded S3 server and a random dev API key. Resolves once every `/health/ready` answers 200.
 */
export async function startHeraldSystem(label: string, options: HeraldSystemOptions = {}): Promise<HeraldSystem> {
  const urls = testServiceUrls();
  const amqpUrl = options.amqpUrl ?? urls.amqpUrl;
  const apps = SERVICES.filter(({ app }) => !options.apps || options.apps.includes(app));
  const journalDir = mkdtempSync(path.join(tmpdir(), `herald-${label}-journal-`));
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(`e2e_${label}`);
  let s3: TestS3Server | undefined;
  const services: ServiceProcess[] = [];
  const brokerPrefix = uniqueTestPrefix(`e2e_${label}`);
  const output = () => services.map((service) => service.output()).join('\n');
  const printOutput = () =>
    process.stderr.write(`\n--- Herald service output ---\n${output()}\n--- end of service output ---\n`);
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop(STOP_TIMEOUT_MS)));
    await s3?.close();
    await database.drop();
    rmSync(journalDir, { recursive: true, force: true });
    if (!options.amqpUrl) await deletePrefixedTopology(amqpUrl, brokerPrefix);
  };
  const service = (app: ServiceName) => {
    const found = services.find((candidate) => candidate.app === app);
    if (!found) throw new Error(`${app} is not part of this system`);
    return found;
  };
  try {
    // As compose and npm start do: a superuser provisions, each service runs as its own role (0031).
    const passwords = Object.fromEntries(HERALD_DATABASE_ROLES.map(({ role }) => [role, ROLE_PASSWORD]));
    await provisionDatabase({ adminUrl: database.url, passwords });
    if (apps.some(({ app }) => app === 'attachment-service')) s3 = await startTestS3Server();
    const apiKey = `hk_e2e_${randomBytes(24).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      AMQP_URL: amqpUrl,
      REDIS_URL: options.redisUrl ?? urls.redisUrl,
      BROKER_NAME_PREFIX: brokerPrefix,
      ...(s3 ? { S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey } : {}),
      HERALD_DEV_API_KEY: apiKey,
      // One key per system, as compose and k8s share one: the gateway seals credentials, runners open them (0031).
      RUNNER_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      RUNNER_OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8,::1/128',
      // As npm start does: a runner restarted after kill -9 finds its journal again.
      RUNNER_OUTCOME_JOURNAL_DIR: journalDir,
      ...options.env,
    };
    const [adminPort, ...ports] = await freePorts(apps.length + 1);
    env.ADMIN_HTTP_PORT = String(adminPort);
    const processOptions = { distDir: options.distDir, restartOnCrash: options.restartOnCrash };
    apps.forEach(({ app }, index) => {
      const own = { ...env, DATABASE_URL: serviceDatabaseUrl(database.url, app, ROLE_PASSWORD) };
      services.push(new ServiceProcess(app, ports[index], own, processOptions));
    });
    await waitUntilReady(services);
    return {
      apiUrl: `http://127.0.0.1:${service('api-gateway').port}`,
      adminUrl: `http://127.0.0.1:${adminPort}`,
      apiKey,
      databaseUrl: database.url,
      amqpUrl,
      brokerPrefix: env.BROKER_NAME_PREFIX ?? brokerPrefix,
      services,
      service,
      kill: (app) => service(app).kill(),
      async restart(app, timeoutMs) {
        const target = service(app);
        target.restart();
        await waitUntilReady([target], timeoutMs);
      },
      waitUntilReady: (timeoutMs) => waitUntilReady(services, timeoutMs),
      output,
      async withLogsOnFailure(body) {
        try {
          await body();
        } catch (error) {
          printOutput();
          throw error;
        }
      },
      stop,
    };
  } catch (error) {
    printOutput();
    await stop();
    if (error instanceof Error) error.message = `Herald did not start: ${error.message}`;
    throw error;
  }
}
