// Scheduler benchmark: fire lag of BENCH_TIMERS (default 10,000) delay timers spread over
// BENCH_SPREAD_SECONDS (default 20 s): how long after its run_at each delay job was completed (the
// firing transaction's start, which also dispatched the next step). Reports p50/p99/max (target
// p99 ≤ 1 s). The worker runs as a child process with its production defaults.
// Run: npm run bench:scheduler   (env: DATABASE_URL (a server), AMQP_URL, BENCH_TIMERS, BENCH_SPREAD_SECONDS)
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { buildWorkflowSnapshotFixture, createContractMessage, TRIGGER_REQUESTED_V1 } from '@herald/contracts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const SPREAD_SECONDS = Number(process.env.BENCH_SPREAD_SECONDS ?? 20);
const ENVIRONMENT = 'bench-env';

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  const prefix = `bench_sched_${randomBytes(3).toString('hex')}`;
  await onServer(DATABASE_URL, (client) => client.query(`CREATE DATABASE "${prefix}"`));
  const databaseUrl = withDatabase(prefix);
  const broker = await amqp.connect(AMQP_URL);
  broker.on('error', () => undefined);
  let worker: ChildProcess | undefined;
  process.once('exit', () => worker?.kill('SIGKILL'));
  try {
    const port = await freePort();
    worker = spawn(process.execPath, [path.resolve(__dirname, '../apps/trigger-worker/src/main.js')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, AMQP_URL, BROKER_NAME_PREFIX: prefix, HTTP_PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    });
    await waitReady(`http://127.0.0.1:${port}/health/ready`);
    // A capped sink stands in for the runners, so the dispatches after each delay are routed.
    const channel = await broker.createConfirmChannel();
    const exchange = `${prefix}.herald`;
    await channel.assertQueue(`${prefix}.bench.sink`, { durable: false, autoDelete: true, arguments: { 'x-max-length': 1000, 'x-overflow': 'drop-head' } });
    await channel.bindQueue(`${prefix}.bench.sink`, exchange, 'job.dispatch.#');

    await onServer(databaseUrl, async (client) => {
      await client.query(
        `INSERT INTO trigger.subscribers (environment_id, organization_id, subscriber_id) SELECT $1, 'bench-org', 'subscriber-' || lpad(n::text, 6, '0') FROM generate_series(1, $2) AS n`,
        [ENVIRONMENT, TIMERS],
      );
      await client.query(`INSERT INTO trigger.topics (environment_id, key) VALUES ($1, 'everyone')`, [ENVIRONMENT]);
      await client.query(
        `INSERT INTO trigger.topic_subscribers (environment_id, topic_id, subscriber_id, subscriber_pk)
         SELECT $1, t.id, s.subscriber_id, s.id FROM trigger.subscribers s JOIN trigger.topics t ON t.environment_id = s.environment_id WHERE s.environment_id = $1`,
        [ENVIRONMENT],
      );
    });
    // Every subscriber gets a one-hour delay, then an in-app step.
    const workflow = buildWorkflowSnapshotFixture({
      id: 'bench-scheduler',
      steps: [
        { stepId: 'wait', name: 'Wait', type: 'delay', active: true, controlValues: { type: 'regular', amount: 1, unit: 'hours' } },
        { stepId: 'in-app', name: 'In-app', type: 'in_app', active: true, controlValues: { body: 'Later' } },
      ],
    });
    const message = createContractMessage(TRIGGER_REQUESTED_V1, {
      kind: 'trigger', organizationId: 'bench-org', environmentId: ENVIRONMENT, workflow, to: [{ type: 'Topic', topicKey: 'everyone' }],
      payload: {}, overrides: {}, transactionId: randomUUID(), attachments: [], requestedAt: new Date().toISOString(),
    });
    await new Promise<void>((resolve, reject) =>
      channel.publish(exchange, TRIGGER_REQUESTED_V1, Buffer.from(JSON.stringify(message)), { persistent: true, contentType: 'application/json', messageId: message.id, type: message.type }, (error) => (error ? reject(error) : resolve())),
    );
    await onServer(databaseUrl, async (client) => {
      await waitUntil(async () => Number((await client.query(`SELECT count(*) AS n FROM trigger.timers WHERE kind = 'delay'`)).rows[0].n) === TIMERS, 300);
      // Spread the timers over the next SPREAD_SECONDS, starting 3 s from now (the jobs' run_at too, for the lag).
      await client.query(
        `WITH moved AS (
           UPDATE trigger.timers SET run_at = clock_timestamp() + interval '3 s' + random() * $1 * interval '1 s' WHERE kind = 'delay' RETURNING subject_id, run_at)
         UPDATE trigger.jobs j SET run_at = moved.run_at FROM moved WHERE j.environment_id = $2 AND j.id = moved.subject_id`,
        [SPREAD_SECONDS, ENVIRONMENT],
      );
      console.log(`${TIMERS} timers set, due over ${SPREAD_SECONDS} s`);
      await waitUntil(async () => Number((await client.query(`SELECT count(*) AS n FROM trigger.timers WHERE kind = 'delay'`)).rows[0].n) === 0, SPREAD_SECONDS + 120);
      const { rows } = await client.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, max(lag) AS max, count(*) AS fired
         FROM (SELECT extract(epoch FROM d.created_at - j.run_at) AS lag FROM trigger.execution_details d JOIN trigger.jobs j ON j.id = d.job_id
               WHERE d.environment_id = $1 AND j.step_id = 'wait' AND d.status = 'completed') AS lags`,
        [ENVIRONMENT],
      );
      const [figures] = rows;
      const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
      console.log(`\n${figures.fired} timers fired once each; fire lag p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)} (target ≤ 1 s), max ${ms(figures.max)}`);
    });
    await channel.close().catch(() => undefined);
  } finally {
    if (worker && worker.exitCode === null) await new Promise<void>((resolve) => (worker!.once('exit', () => resolve()), worker!.kill('SIGTERM')));
    await cleanUp(prefix);
    await broker.close().catch(() => undefined);
    await onServer(DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${prefix}" WITH (FORCE)`));
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function cleanUp(prefix: string): Promise<void> {
  const connection = await amqp.connect(AMQP_URL);
  const admin = await connection.createChannel();
  admin.on('error', () => undefined);
  const queues = ['trigger-worker.trigger-requested', 'trigger-worker.job-status'].flatMap((queue) => [queue, `${queue}.dead`, ...[1000, 10000, 60000].map((ms) => `${queue}.retry.${ms}`)]);
  for (const queue of [...queues, 'trigger-worker.rpc', 'bench.sink']) await admin.deleteQueue(`${prefix}.${queue}`).catch(() => undefined);
  await admin.deleteExchange(`${prefix}.herald`).catch(() => undefined);
  await connection.close().catch(() => undefined);
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await fetch(url).then((response) => response.status === 200).catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function withDatabase(database: string): string {
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
