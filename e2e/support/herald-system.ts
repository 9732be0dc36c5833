import { randomBytes } from 'node:crypto';
import { createTestDatabase, startTestS3Server, testServiceUrls, uniqueTestPrefix, type TestDatabase, type TestS3Server } from '@herald/testing';
import { SERVICES } from '../../tools/dev/services';
import { deletePrefixedTopology } from './broker-cleanup';
import { freePorts } from './free-port';
import { ServiceProcess } from './service-process';

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

/** The whole of Herald, started for one e2e suite. */
export interface HeraldSystem {
  /** The gateway's base URL (`http://127.0.0.1:<port>`). */
  readonly apiUrl: string;
  /** The dev environment's API key the gateway seeded. */
  readonly apiKey: string;
  /** The suite's own database (every service's schema lives in it). */
  readonly databaseUrl: string;
  /** The captured output of every service. */
  output(): string;
  /** Runs a test body; when it throws, prints every service's captured output before rethrowing. */
  withLogsOnFailure(body: () => Promise<void>): Promise<void>;
  /** SIGTERM every service (SIGKILL after a timeout), stop S3, drop the database. */
  stop(): Promise<void>;
}

async function waitUntilReady(services: ServiceProcess[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const pending = new Set(services);
  while (pending.size > 0) {
    const dead = services.filter((service) => service.hasExited);
    if (dead.length > 0) throw new Error(`exited before ready: ${dead.map((service) => service.app).join(', ')}`);
    if (Date.now() > deadline) throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${[...pending].map((service) => service.app).join(', ')}`);
    await Promise.all(
      [...pending].map(async (service) => {
        try {
          const response = await fetch(service.healthUrl, { signal: AbortSignal.timeout(2_000) });
          if (response.status === 200) pending.delete(service);
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
export async function startHeraldSystem(label: string): Promise<HeraldSystem> {
  const urls = testServiceUrls();
  const database: TestDatabase = await createTestDatabase(`e2e_${label}`);
  let s3: TestS3Server | undefined;
  const services: ServiceProcess[] = [];
  const brokerPrefix = uniqueTestPrefix(`e2e_${label}`);
  const output = () => services.map((service) => service.output()).join('\n');
  const printOutput = () => process.stderr.write(`\n--- Herald service output ---\n${output()}\n--- end of service output ---\n`);
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop(STOP_TIMEOUT_MS)));
    await s3?.close();
    await database.drop();
    await deletePrefixedTopology(urls.amqpUrl, brokerPrefix);
  };
  try {
    s3 = await startTestS3Server();
    const apiKey = `hk_e2e_${randomBytes(24).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      AMQP_URL: urls.amqpUrl,
      REDIS_URL: urls.redisUrl,
      BROKER_NAME_PREFIX: brokerPrefix,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      HERALD_DEV_API_KEY: apiKey,
      RUNNER_OUTBOUND_ALLOWED_CIDRS: '127.0.0.0/8,::1/128',
    };
    const ports = await freePorts(SERVICES.length);
    SERVICES.forEach(({ app }, index) => services.push(new ServiceProcess(app, ports[index], env)));
    await waitUntilReady(services);
    const gateway = services.find((service) => service.app === 'api-gateway');
    return {
      apiUrl: `http://127.0.0.1:${gateway?.port}`,
      apiKey,
      databaseUrl: database.url,
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
