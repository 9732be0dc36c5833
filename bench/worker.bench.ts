// Worker benchmark: single-recipient triggers processed per second by trigger-worker (consumed →
// subscriber upserted → notification and job created → first job dispatched through the outbox)
// next to a floor consumer doing one multi-row INSERT per batch + one confirmed publish per message with the same
// messaging lib, pool size and prefetch. Both run as child processes; rounds are interleaved,
// median of BENCH_ROUNDS, then the ratio.
// Run: npm run bench:worker [-- --quick]   (env: DATABASE_URL (a server), AMQP_URL, BENCH_TRIGGERS, BENCH_ROUNDS)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

import {
  buildWorkflowSnapshotFixture,
  createContractMessage,
  createEnvelope,
  type Envelope,
  TRIGGER_REQUESTED_V1,
} from '@herald/contracts';
import { Messaging, type MessagingLogger } from '@herald/messaging';
import { TransactionBatcher } from '@herald/persistence';
import * as amqp from 'amqplib';
import { Pool } from 'pg';

import { AMQP_URL, QUICK, ROUNDS, sized } from './support/bench-config';
import { stopChild } from './support/infra';
import { emit, figure } from './support/results';
import { median } from './support/stats';
import { startTriggerWorker } from './support/trigger-worker-process';

const TRIGGERS = sized('TRIGGERS', 3000, 300);
const PREFETCH = Number(process.env.BENCH_PREFETCH ?? 20);
const POOL_SIZE = 5;
const FLOOR_IN = 'bench.floor-in.v1';
const FLOOR_OUT = 'bench.floor-out.v1';
const quiet: MessagingLogger = {
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

if (process.argv[2] === '--floor') void runFloor();
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });

async function main(): Promise<void> {
  // No runner finishes these jobs: the in-flight cap (0032) is raised above the run's size, so its
  // gate still counts and admits every job (its work is measured) but never holds one.
  const worker = await startTriggerWorker('tw', {
    DB_POOL_SIZE: String(POOL_SIZE),
    WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT: '100000',
    WORKER_TRIGGER_PREFETCH: String(PREFETCH),
  });
  const { prefix, exchange } = worker;
  const floorProcess = spawn(process.execPath, [__filename, '--floor'], {
    env: {
      ...process.env,
      DATABASE_URL: worker.databaseUrl,
      AMQP_URL,
      BROKER_NAME_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(POOL_SIZE),
    },
    stdio: 'inherit',
  });
  // The floor never outlives the bench, even when it fails (startTriggerWorker guards the worker).
  const killFloor = () => floorProcess.kill('SIGKILL');
  process.once('exit', killFloor);
  const broker = await amqp.connect(AMQP_URL);
  broker.on('error', () => undefined);
  const channel = await broker.createChannel();
  const sink = `${prefix}.bench.sink`;
  try {
    // The bench plays the runners: every dispatch and every floor output lands here and is counted.
    const counts = new Map<string, number>();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(sink, { durable: false, autoDelete: true });
    await channel.bindQueue(sink, exchange, 'job.dispatch.#');
    await channel.bindQueue(sink, exchange, FLOOR_OUT);
    await channel.consume(
      sink,
      (message) => {
        if (!message) return;
        const tag = (JSON.parse(message.content.toString()) as { environmentId: string }).environmentId;
        counts.set(tag, (counts.get(tag) ?? 0) + 1);
      },
      { noAck: true },
    );

    const publisher = new Messaging({
      url: AMQP_URL,
      serviceName: 'bench-publisher',
      namePrefix: prefix,
      logger: quiet,
    });
    await publisher.waitUntilReady(10_000);
    await waitFloorReady(broker, `${prefix}.bench-floor.work`);
    const worker: number[] = [];
    const floor: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      worker.push(
        await measure(counts, (tag) => workerMessages(tag).map((message) => publisher.publisher.publish(message))),
      );
      floor.push(
        await measure(counts, (tag) =>
          floorMessages(tag).map((message) => publisher.publisher.publish(message, { routingKey: FLOOR_IN })),
        ),
      );
      console.log(`round ${round + 1}: worker ${worker[round].toFixed(0)}/s, floor ${floor[round].toFixed(0)}/s`);
    }
    await publisher.stop();
    const w = median(worker);
    const f = median(floor);
    console.log(`\ntrigger-worker: ${w.toFixed(0)} triggers/s (median of ${ROUNDS}, ${TRIGGERS} per round)`);
    console.log(`floor (1 INSERT per batch + 1 confirmed publish per message): ${f.toFixed(0)} msgs/s`);
    console.log(`ratio worker/floor: ${(w / f).toFixed(2)}${QUICK ? ' (quick profile)' : ''}`);
    emit(
      figure('worker', 'single-recipient triggers processed', '/s', worker.map(Math.round), {
        floor: {
          what: 'the same lib consumer and batching, then 1 multi-row INSERT per batch (idempotent by its key) + 1 confirmed publish per message',
          runs: floor.map(Math.round),
        },
        target: { kind: 'ratio-at-least', value: 0.6 },
        note: `${TRIGGERS} per round; consumed → subscriber upserted → notification and job → first job dispatched`,
      }),
    );
  } finally {
    await stopChild(floorProcess);
    process.off('exit', killFloor);
    await broker.close().catch(() => undefined);
    // Deletes every queue under the prefix (the floor's too), the exchange and the database.
    await worker.stop();
  }
}

function workerMessages(environmentId: string) {
  const workflow = buildWorkflowSnapshotFixture({
    id: 'bench-workflow',
    steps: [
      {
        stepId: 'in-app',
        name: 'In-app',
        type: 'in_app',
        active: true,
        controlValues: { body: 'Hi {{payload.name}}' },
      },
    ],
  });
  return Array.from({ length: TRIGGERS }, (_, n) =>
    createContractMessage(TRIGGER_REQUESTED_V1, {
      kind: 'trigger',
      organizationId: 'bench-org',
      environmentId,
      workflow,
      to: [{ type: 'Subscriber', subscriberId: `subscriber-${n % 500}`, email: `s${n % 500}@example.com` }],
      payload: { name: 'Ada', orderId: `o-${n}`, total: 42.5 },
      overrides: {},
      transactionId: randomUUID(),
      attachments: [],
      requestedAt: new Date().toISOString(),
    }),
  );
}

function floorMessages(environmentId: string) {
  return Array.from({ length: TRIGGERS }, (_, n) =>
    createEnvelope(FLOOR_IN, environmentId, {
      environmentId,
      n,
      payload: { name: 'Ada', orderId: `o-${n}`, total: 42.5 },
    }),
  );
}

/** Publishes one round and times it until every output was counted. */
async function measure(counts: Map<string, number>, publish: (tag: string) => Promise<void>[]): Promise<number> {
  const tag = randomUUID();
  const started = process.hrtime.bigint();
  await Promise.all(publish(tag));
  while ((counts.get(tag) ?? 0) < TRIGGERS) await new Promise((resolve) => setTimeout(resolve, 5));
  return TRIGGERS / (Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * The floor: the same lib consumer and transaction batching, then one INSERT per batch, idempotent
 * by its rows' key (no ledger, as Herald's consumers since decision 0047), and one confirmed
 * publish per message.
 */
async function runFloor(): Promise<void> {
  const prefix = process.env.BROKER_NAME_PREFIX!;
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE });
  await pool.query(
    'CREATE SCHEMA IF NOT EXISTS floor; CREATE TABLE IF NOT EXISTS floor.rows (id uuid PRIMARY KEY, body jsonb)',
  );
  const { DataSource } = await import('typeorm');
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: POOL_SIZE } });
  await dataSource.initialize();
  const messaging = new Messaging({ url: AMQP_URL, serviceName: 'bench-floor', namePrefix: prefix, logger: quiet });
  // Batched as Herald's consumers are: the floor must not be slower than the code it measures.
  const batcher = new TransactionBatcher<Envelope<{ environmentId: string }>, void>(
    dataSource,
    async (manager, envelopes) => {
      // One multi-row INSERT per batch, as Herald's trigger consumer writes a batch's events set-based.
      await manager.query(
        'INSERT INTO floor.rows (id, body) SELECT * FROM unnest($1::uuid[], $2::jsonb[]) ON CONFLICT (id) DO NOTHING',
        [envelopes.map((envelope) => envelope.id), envelopes.map((envelope) => JSON.stringify(envelope.data))],
      );
      await Promise.all(
        envelopes.map((envelope) =>
          messaging.publisher.publish(createEnvelope(FLOOR_OUT, envelope.environmentId, envelope.data)),
        ),
      );
      return envelopes.map(() => undefined);
    },
    { maxBatch: PREFETCH },
  );
  messaging.consume<{ environmentId: string }>({
    service: 'bench-floor',
    purpose: 'work',
    routingKeys: [FLOOR_IN],
    prefetch: PREFETCH,
    handler: (envelope) => batcher.run(envelope),
  });
  process.once(
    'SIGTERM',
    () =>
      void messaging
        .stop()
        .then(() => dataSource.destroy())
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
}

async function waitFloorReady(connection: amqp.ChannelModel, queue: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    // A passive declare of a missing queue closes its channel: probe on a throw-away one.
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    const ok = await probe
      .checkQueue(queue)
      .then((q) => q.consumerCount > 0)
      .catch(() => false);
    await probe.close().catch(() => undefined);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('floor consumer did not start');
}
