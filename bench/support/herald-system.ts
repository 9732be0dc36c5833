import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { startTestS3Server, type TestS3Server } from '@herald/testing';

import { type ServiceName, SERVICES } from '../../tools/dev/services';
import { AMQP_URL, REDIS_URL } from './bench-config';
import { generatedSecrets } from './generated-secrets';
import { createDatabase, deletePrefixedTopology, dropDatabase, freePort, stopChild, waitReady } from './infra';

/** Herald started for a benchmark: every service its own process, as `npm start` runs them. */
export interface BenchSystem {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly databaseUrl: string;
  readonly prefix: string;
  /** Each service's process id (for /proc CPU and memory figures). */
  readonly pids: Record<ServiceName, number>;
  /** SIGTERM every service (a profiled one writes its profile as it exits), drop the database and the queues. */
  stop(): Promise<void>;
}

export interface BenchSystemOptions {
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Services to run under `node --cpu-prof`, profiles written to `cpuProfileDir`. */
  profile?: ServiceName[];
  cpuProfileDir?: string;
}

/**
 * Starts every Herald service from dist/ in a fresh database and a `t_bench_<label>_…` broker
 * prefix, with production settings, rate limits out of the way, an embedded S3 server and a random
 * dev API key. The bench's own launcher (not e2e/support's) because it needs process ids and
 * per-service node flags, and because e2e/ is not part of the dist/ build.
 */
export async function startBenchSystem(label: string, options: BenchSystemOptions = {}): Promise<BenchSystem> {
  const prefix = `t_bench_${label}_${randomBytes(3).toString('hex')}`;
  const apiKey = `hk_bench_${randomBytes(24).toString('hex')}`;
  const databaseUrl = await createDatabase(prefix);
  const children = new Map<ServiceName, ChildProcess>();
  let s3: TestS3Server | undefined;
  const killAll = () => children.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    await Promise.all([...children.values()].map((child) => stopChild(child, 30_000)));
    process.off('exit', killAll);
    await s3?.close().catch(() => undefined);
    await deletePrefixedTopology(prefix);
    await dropDatabase(prefix);
  };
  try {
    s3 = await startTestS3Server();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      ...generatedSecrets(),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      AMQP_URL,
      REDIS_URL,
      BROKER_NAME_PREFIX: prefix,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      HERALD_DEV_API_KEY: apiKey,
      RATE_LIMIT_TRIGGER_PER_SECOND: '1000000',
      RATE_LIMIT_TRIGGER_BURST: '1000000',
      IDEMPOTENCY_TTL_SECONDS: '600',
      ...options.env,
    };
    // The gateway's operator listener (/admin, /metrics) gets its own free port too.
    env.ADMIN_HTTP_PORT = String(await freePort());
    const ports = new Map<ServiceName, number>();
    for (const { app } of SERVICES) {
      const port = await freePort();
      ports.set(app, port);
      const profiling = options.profile?.includes(app)
        ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir ?? '.'}`, `--cpu-prof-name=${app}.cpuprofile`]
        : [];
      const child = spawn(process.execPath, [...profiling, path.resolve(__dirname, '../../apps', app, 'src/main.js')], {
        env: { ...env, HTTP_PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.set(app, child);
    }
    await Promise.all(
      SERVICES.map(({ app }) =>
        waitReady(
          `http://127.0.0.1:${ports.get(app)}/health/ready`,
          90_000,
          () => children.get(app)?.exitCode === null,
        ),
      ),
    );
    const pids = Object.fromEntries([...children].map(([app, child]) => [app, child.pid ?? 0])) as Record<
      ServiceName,
      number
    >;
    return { apiUrl: `http://127.0.0.1:${ports.get('api-gateway')}`, apiKey, databaseUrl, prefix, pids, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
