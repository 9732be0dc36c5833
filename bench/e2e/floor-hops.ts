// What the e2e floors' hops share. Each hop is its own process, as each Herald service is: it
// consumes one durable quorum queue with Herald's default prefetch, works with a pg pool of
// Herald's default size, forwards to the next hop's queue with a persistent, confirmed publish and
// acks after. A floor module lists its queues (one per hop, in order) and a handler per hop,
// starts the processes with startHops and runs a hop with runHopIfAsked when started as one.
import { ChildProcess, spawn } from 'node:child_process';

import * as amqp from 'amqplib';
import { Pool } from 'pg';

import { AMQP_URL } from '../support/bench-config';
import { stopChild } from '../support/infra';

const PREFETCH = Number(process.env.AMQP_PREFETCH ?? 50);
const POOL_SIZE = Number(process.env.DB_POOL_SIZE ?? 5);
const QUORUM = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

/** What a hop's handler works with. */
export interface HopContext {
  pool: Pool;
  /** Publishes to the next hop's queue, persistent, and resolves on the broker's confirm. */
  forward(message: unknown): Promise<void>;
}

/** Handles one message (its parsed JSON body); the hop acks once it resolves. */
export type HopHandler = (message: unknown, context: HopContext) => Promise<void>;

/** A floor's hop processes and its queues. */
export interface Hops {
  readonly pids: number[];
  /** Publishes to a queue from the bench's process, persistent, resolving on the confirm. */
  publish(queue: string, message: unknown): Promise<void>;
  /** Stops the hops and deletes the queues. */
  stop(): Promise<void>;
}

function publishConfirmed(channel: amqp.ConfirmChannel, queue: string, message: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    channel.sendToQueue(
      queue,
      Buffer.from(JSON.stringify(message)),
      { persistent: true, contentType: 'application/json' },
      (error) => (error ? reject(error) : resolve()),
    ),
  );
}

/**
 * Declares `queues` and starts one `node <script> --hop <n>` process per queue (hop n consumes
 * the n-th); resolves once every queue has its consumer.
 */
export async function startHops(script: string, prefix: string, databaseUrl: string, queues: string[]): Promise<Hops> {
  const connection = await amqp.connect(AMQP_URL);
  connection.on('error', () => undefined);
  const channel = await connection.createConfirmChannel();
  for (const queue of queues) await channel.assertQueue(queue, QUORUM);
  const hops: ChildProcess[] = queues.map((_, index) =>
    spawn(process.execPath, [script, '--hop', String(index + 1)], {
      env: { ...process.env, FLOOR_PREFIX: prefix, FLOOR_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  const killOnExit = () => hops.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  const stop = async () => {
    await Promise.all(hops.map((child) => stopChild(child)));
    process.off('exit', killOnExit);
    for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
    await connection.close().catch(() => undefined);
  };
  try {
    await waitForConsumers(channel, queues);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pids: hops.map((child) => child.pid ?? 0),
    publish: (queue, message) => publishConfirmed(channel, queue, message),
    stop,
  };
}

async function waitForConsumers(channel: amqp.Channel, names: string[]): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const counts = await Promise.all(
      names.map((name) => channel.checkQueue(name).then((queue) => queue.consumerCount)),
    );
    if (counts.every((count) => count > 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the floor hops did not start consuming (${names.join(', ')})`);
}

/**
 * When this process was started by startHops (`--hop <n>`), runs hop n: consumes the n-th of
 * `queuesOf(prefix)` with `handlers[n - 1]`, acks after it, requeues what it failed on.
 */
export function runHopIfAsked(label: string, queuesOf: (prefix: string) => string[], handlers: HopHandler[]): void {
  if (process.argv[2] !== '--hop') return;
  const hop = Number(process.argv[3]);
  runHop(`${label} hop ${hop}`, queuesOf(process.env.FLOOR_PREFIX as string), hop, handlers[hop - 1]).catch(
    (error: unknown) => {
      console.error(`${label} hop ${hop}:`, error);
      process.exit(1);
    },
  );
}

async function runHop(name: string, queues: string[], hop: number, handle: HopHandler): Promise<void> {
  const pool = new Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: POOL_SIZE });
  const connection = await amqp.connect(AMQP_URL);
  const consumeChannel = await connection.createChannel();
  const publishChannel = await connection.createConfirmChannel();
  await consumeChannel.prefetch(PREFETCH);
  const next = queues[hop];
  const context: HopContext = {
    pool,
    forward: (message) =>
      next
        ? publishConfirmed(publishChannel, next, message)
        : Promise.reject(new Error(`${name} is the last hop: nothing to forward to`)),
  };
  const { consumerTag } = await consumeChannel.consume(queues[hop - 1], (delivery) => {
    if (!delivery) return;
    void (async () => {
      await handle(JSON.parse(delivery.content.toString('utf8')), context);
      consumeChannel.ack(delivery);
    })().catch((error: unknown) => {
      console.error(`${name}:`, error);
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
