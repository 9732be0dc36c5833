/**
 * `npm start`: the dev launcher. Checks Postgres, RabbitMQ and Redis; provisions the database (one
 * role and schema per service) with the local superuser; starts an embedded S3 server when
 * S3_ENDPOINT is unset; starts every service as its own process with prefixed logs; waits until
 * every /health/ready answers 200; restarts a service that dies, with back-off (1 s doubling to
 * 30 s, reset after a minute up), as Kubernetes would; stops every child on Ctrl-C / SIGTERM.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { HERALD_DATABASE_ROLES, provisionDatabase, serviceDatabaseUrl } from '@herald/persistence';
import type S3rver from 's3rver';

import { findUnreachableDependencies } from './dependency-check';
import { resolveDevApiKey } from './dev-api-key';
import { prefixLines } from './log-prefixer';
import { ServiceSupervisor } from './service-supervisor';
import { SERVICES } from './services';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const STATE_DIR = path.join(ROOT, '.herald');
const READY_TIMEOUT_MS = Number(process.env.HERALD_READY_TIMEOUT_MS ?? 90_000);
const STOP_TIMEOUT_MS = 30_000;
const S3_PORT = 4569;
/** Dev only: the password of every service role on a local server (trust auth ignores it). */
const LOCAL_ROLE_PASSWORD = 'herald-local';
const out = (line: string) => process.stdout.write(line + '\n');

const supervisors: ServiceSupervisor[] = [];
let s3: S3rver | undefined;
let stopping = false;

async function main(): Promise<void> {
  const urls = {
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald',
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  const problems = await findUnreachableDependencies(urls);
  if (problems.length > 0) {
    out(`Herald cannot start:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }

  // The only superuser step: each service then runs as its own role, confined to its schema (0031).
  const passwords = Object.fromEntries(HERALD_DATABASE_ROLES.map(({ role }) => [role, LOCAL_ROLE_PASSWORD]));
  await provisionDatabase({ adminUrl: urls.databaseUrl, passwords });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMQP_URL: urls.amqpUrl,
    REDIS_URL: urls.redisUrl,
    // Runners journal provider answers here until they are recorded (one file per runner; 0012).
    RUNNER_OUTCOME_JOURNAL_DIR: process.env.RUNNER_OUTCOME_JOURNAL_DIR ?? path.join(STATE_DIR, 'journal'),
  };
  if (!process.env.S3_ENDPOINT) {
    // A devDependency, absent from production images: loaded only here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rverServer = require('s3rver') as typeof S3rver;
    s3 = new S3rverServer({ address: '127.0.0.1', port: S3_PORT, silent: true, directory: path.join(STATE_DIR, 's3') });
    await s3.run();
    Object.assign(env, {
      S3_ENDPOINT: `http://127.0.0.1:${S3_PORT}`,
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
    });
    out(`embedded S3 server (s3rver) on http://127.0.0.1:${S3_PORT}, data in .herald/s3`);
  }
  const apiKey = resolveDevApiKey(STATE_DIR);
  env.HERALD_DEV_API_KEY = apiKey;

  const width = Math.max(...SERVICES.map(({ app }) => app.length));
  SERVICES.forEach(({ app, port }, index) => {
    const entry = path.join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
    const supervisor = new ServiceSupervisor({
      name: app,
      log: out,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      spawn: () => {
        const child = spawn(process.execPath, ['--enable-source-maps', entry], {
          cwd: ROOT,
          env: {
            ...env,
            HTTP_PORT: String(port),
            DATABASE_URL: serviceDatabaseUrl(urls.databaseUrl, app, LOCAL_ROLE_PASSWORD),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        prefixLines(child.stdout, app, index, width, out);
        prefixLines(child.stderr, app, index, width, out);
        return child;
      },
    });
    supervisors.push(supervisor);
    supervisor.start();
  });

  await waitUntilReady();
  out('');
  out('Herald ready at http://127.0.0.1:3000');
  out(`  dev API key: ${apiKey}`);
  out(`  try: curl -s -H "Authorization: ApiKey ${apiKey}" http://127.0.0.1:3000/v1/environments/me`);
  out('  console (activity feed, timelines; paste the dev API key): http://127.0.0.1:3000/console');
  out('  operator routes (/admin, herald org|env|key) and /metrics: http://127.0.0.1:3100');
  out(
    process.env.OPERATOR_TOKEN
      ? '  operator console (organizations, keys, dead letters; paste OPERATOR_TOKEN): http://127.0.0.1:3100/admin/console'
      : '  operator console: start with OPERATOR_TOKEN=<a long random value> for http://127.0.0.1:3100/admin/console',
  );
  out('  stop with Ctrl-C');
}

async function waitUntilReady(): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const pending = new Set(SERVICES.map(({ app }) => app));
  while (pending.size > 0) {
    if (stopping) return new Promise(() => undefined);
    if (Date.now() > deadline) {
      out(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${[...pending].join(', ')}`);
      return stop(1);
    }
    await Promise.all(
      SERVICES.filter(({ app }) => pending.has(app)).map(async ({ app, port }) => {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
          if (response.status === 200) pending.delete(app);
        } catch {
          // not listening yet
        }
      }),
    );
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  out('stopping Herald…');
  // Each supervisor cancels a pending restart first, so no service starts again behind our back.
  await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
  await s3?.close();
  out('Herald stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  out(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  void stop(1);
});
