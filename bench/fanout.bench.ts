// Fan-out benchmark: one trigger to a topic of BENCH_SUBSCRIBERS (default 100,000) subscribers —
// time from publish until every subscriber's job was dispatched (target ≤ 60 s), and the worker's
// peak RSS (target < 300 MB). The worker runs as a child process with its production defaults;
// the bench counts the dispatches as the runners would receive them.
// Run: npm run bench:fanout   (env: DATABASE_URL (a server), AMQP_URL, BENCH_SUBSCRIBERS)
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { buildWorkflowSnapshotFixture, createContractMessage, TRIGGER_REQUESTED_V1 } from '@herald/contracts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ENVIRONMENT = 'bench-env';

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

async function main(): Promise<void> {
  const prefix = `bench_fan_${randomBytes(3).toString('hex')}`;
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
    await seedTopic(databaseUrl);

    const channel = await broker.createConfirmChannel();
    const exchange = `${prefix}.herald`;
    const sink = `${prefix}.bench.sink`;
    await channel.assertQueue(sink, { durable: false, autoDelete: true });
    await channel.bindQueue(sink, exchange, 'job.dispatch.#');
    let dispatched = 0;
    await channel.prefetch(2000);
    await channel.consume(sink, (message) => {
      if (!message) return;
      dispatched += 1;
      channel.ack(message);
    });

    let peakSampled = 0;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memoryKb(worker!.pid!, 'VmRSS'))), 100);
    const workflow = buildWorkflowSnapshotFixture({ id: 'bench-fanout', steps: [{ stepId: 'in-app', name: 'In-app', type: 'in_app', active: true, controlValues: { body: 'News: {{payload.title}}' } }] });
    const message = createContractMessage(TRIGGER_REQUESTED_V1, {
      kind: 'trigger',
      organizationId: 'bench-org',
      environmentId: ENVIRONMENT,
      workflow,
      to: [{ type: 'Topic', topicKey: 'everyone' }],
      payload: { title: 'Fan-out benchmark' },
      overrides: {},
      transactionId: randomUUID(),
      attachments: [],
      requestedAt: new Date().toISOString(),
    });
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) =>
      channel.publish(exchange, TRIGGER_REQUESTED_V1, Buffer.from(JSON.stringify(message)), { persistent: true, contentType: 'application/json', messageId: message.id, type: message.type }, (error) => (error ? reject(error) : resolve())),
    );
    let lastReport = 0;
    while (dispatched < SUBSCRIBERS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      if (elapsed - lastReport >= 5) {
        lastReport = elapsed;
        console.log(`  ${elapsed.toFixed(0)} s: ${dispatched} dispatched`);
      }
      if (elapsed > 600) throw new Error(`only ${dispatched} of ${SUBSCRIBERS} dispatched after 600 s`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const peakKb = Math.max(peakSampled, memoryKb(worker.pid!, 'VmHWM'));
    console.log(`\nfan-out to ${SUBSCRIBERS} subscribers: every job dispatched in ${seconds.toFixed(1)} s (target ≤ 60 s), ${(SUBSCRIBERS / seconds).toFixed(0)} dispatches/s`);
    console.log(`worker peak RSS: ${(peakKb / 1024).toFixed(0)} MB (target < 300 MB)`);
    await channel.close().catch(() => undefined);
  } finally {
    if (worker && worker.exitCode === null) await new Promise<void>((resolve) => (worker!.once('exit', () => resolve()), worker!.kill('SIGTERM')));
    await cleanUp(prefix);
    await broker.close().catch(() => undefined);
    await onServer(DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${prefix}" WITH (FORCE)`));
  }
}

/** 100,000 subscribers with an email each, all in topic `everyone`, set-based. */
async function seedTopic(databaseUrl: string): Promise<void> {
  await onServer(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO trigger.subscribers (environment_id, organization_id, subscriber_id, email, first_name)
       SELECT $1, 'bench-org', 'subscriber-' || lpad(n::text, 7, '0'), 'subscriber-' || n || '@example.com', 'Sub ' || n FROM generate_series(1, $2) AS n`,
      [ENVIRONMENT, SUBSCRIBERS],
    );
    await client.query(`INSERT INTO trigger.topics (environment_id, key, name) VALUES ($1, 'everyone', 'Everyone')`, [ENVIRONMENT]);
    await client.query(
      `INSERT INTO trigger.topic_subscribers (environment_id, topic_id, subscriber_id, subscriber_pk)
       SELECT $1, t.id, s.subscriber_id, s.id FROM trigger.subscribers s JOIN trigger.topics t ON t.environment_id = s.environment_id WHERE s.environment_id = $1`,
      [ENVIRONMENT],
    );
    await client.query('ANALYZE trigger.subscribers; ANALYZE trigger.topic_subscribers');
  });
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
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
