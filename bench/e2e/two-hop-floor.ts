// The end-to-end floor: what any two-hop pipeline on the same broker and Postgres must at least
// do per notification — publish (confirmed) → consume + INSERT + publish (confirmed) + ack →
// consume + INSERT + ack. Raw amqplib and pg, each hop its own process (as trigger-worker and
// runner-in-app are), durable quorum queues and persistent messages as Herald's, the same
// prefetch and pool size as Herald's defaults. Run as `node two-hop-floor.js --hop 1|2` by the
// bench; the rest of this module is the bench's side.
import { ChildProcess, spawn } from 'node:child_process';
import * as amqp from 'amqplib';
import { Pool } from 'pg';
import { AMQP_URL } from '../support/bench-config';
import { onServer, stopChild } from '../support/infra';

const PREFETCH = Number(process.env.AMQP_PREFETCH ?? 50);
const POOL_SIZE = Number(process.env.DB_POOL_SIZE ?? 5);

/** One floor notification as the bench publishes it. */
export interface FloorMessage {
  transactionId: string;
  subscriberId: string;
  payload: Record<string, unknown>;
}

/** The floor's queue names under a prefix. */
function queues(prefix: string): { first: string; second: string } {
  return { first: `${prefix}.floor.hop-1`, second: `${prefix}.floor.hop-2` };
}

const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

/** The floor's two hop processes, its queues and its tables (in the bench system's database). */
export interface TwoHopFloor {
  readonly pids: number[];
  /** Publishes one message to the first hop and resolves on the broker's confirm. */
  publish(message: FloorMessage): Promise<void>;
  /** Stops the hops and deletes the queues (the tables go with the database). */
  stop(): Promise<void>;
}

export async function startTwoHopFloor(prefix: string, databaseUrl: string): Promise<TwoHopFloor> {
  await onServer(async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS floor`);
    await client.query(`CREATE TABLE IF NOT EXISTS floor.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS floor.inbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL UNIQUE, subscriber_id text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
  }, databaseUrl);
  const { first, second } = queues(prefix);
  const connection = await amqp.connect(AMQP_URL);
  connection.on('error', () => undefined);
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(first, QUORUM);
  await channel.assertQueue(second, QUORUM);
  const hops: ChildProcess[] = [1, 2].map((hop) =>
    spawn(process.execPath, [__filename, '--hop', String(hop)], { env: { ...process.env, FLOOR_PREFIX: prefix, FLOOR_DATABASE_URL: databaseUrl }, stdio: ['ignore', 'inherit', 'inherit'] }),
  );
  const killOnExit = () => hops.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  await waitForConsumers(channel, [first, second]);
  return {
    pids: hops.map((child) => child.pid ?? 0),
    publish: (message) =>
      new Promise<void>((resolve, reject) =>
        channel.sendToQueue(first, Buffer.from(JSON.stringify(message)), { persistent: true, contentType: 'application/json' }, (error) => (error ? reject(error) : resolve())),
      ),
    async stop() {
      await Promise.all(hops.map((child) => stopChild(child)));
      process.off('exit', killOnExit);
      await channel.deleteQueue(first).catch(() => undefined);
      await channel.deleteQueue(second).catch(() => undefined);
      await connection.close().catch(() => undefined);
    },
  };
}

async function waitForConsumers(channel: amqp.Channel, names: string[]): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const counts = await Promise.all(names.map((name) => channel.checkQueue(name).then((queue) => queue.consumerCount)));
    if (counts.every((count) => count > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the floor hops did not start consuming');
}

/** One hop: consume, INSERT (and, for hop 1, publish with confirm), then ack. */
async function runHop(hop: 1 | 2): Promise<void> {
  const { first, second } = queues(process.env.FLOOR_PREFIX as string);
  const pool = new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: POOL_SIZE });
  const connection = await amqp.connect(AMQP_URL);
  const consumeChannel = await connection.createChannel();
  const publishChannel = await connection.createConfirmChannel();
  await consumeChannel.prefetch(PREFETCH);
  const { consumerTag } = await consumeChannel.consume(hop === 1 ? first : second, (delivery) => {
    if (!delivery) return;
    void (async () => {
      const message = JSON.parse(delivery.content.toString('utf8')) as FloorMessage;
      if (hop === 1) {
        await pool.query('INSERT INTO floor.events (transaction_id, body) VALUES ($1, $2)', [message.transactionId, JSON.stringify(message)]);
        await new Promise<void>((resolve, reject) =>
          publishChannel.sendToQueue(second, Buffer.from(JSON.stringify(message)), { persistent: true, contentType: 'application/json' }, (error) => (error ? reject(error) : resolve())),
        );
      } else {
        await pool.query('INSERT INTO floor.inbox (transaction_id, subscriber_id, body) VALUES ($1, $2, $3) ON CONFLICT (transaction_id) DO NOTHING', [
          message.transactionId,
          message.subscriberId,
          JSON.stringify(message.payload),
        ]);
      }
      consumeChannel.ack(delivery);
    })().catch((error: unknown) => {
      console.error(`floor hop ${hop}:`, error);
      consumeChannel.nack(delivery, false, true);
    });
  });
  process.once('SIGTERM', () => {
    void consumeChannel
      .cancel(consumerTag)
      .then(() => new Promise((resolve) => setTimeout(resolve, 200)))
      .then(() => connection.close())
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

if (process.argv[2] === '--hop') {
  runHop(Number(process.argv[3]) as 1 | 2).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
