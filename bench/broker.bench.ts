// Broker benchmark: confirmed publish rate and consume rate of @herald/messaging next to raw
// amqplib doing the same work (same ~256 B persistent messages, same count, same prefetch, same
// quorum queue arguments), interleaved lib/raw three times; prints medians and the lib/raw ratio.
// Run: npm run bench:broker [-- --quick]   (env: AMQP_URL, BENCH_MESSAGES, BENCH_ROUNDS)
import { randomBytes } from 'node:crypto';

import { createEnvelope, Envelope } from '@herald/contracts';
import {
  deadLetterQueueName,
  DEFAULT_RETRY_DELAYS_MS,
  Messaging,
  MessagingLogger,
  retryQueueName,
  suspectQueueName,
  workQueueOptions,
} from '@herald/messaging';
import * as amqp from 'amqplib';

import { AMQP_URL as url, ROUNDS, sized } from './support/bench-config';
import { emit, figure } from './support/results';
import { median, ratePerSecond as rate } from './support/stats';

const COUNT = sized('MESSAGES', 20_000, 2_000);
const PREFETCH = 500;
const PREFIX = `bench_${randomBytes(3).toString('hex')}`;
const quiet: MessagingLogger = {
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

interface RoundResult {
  publishPerSec: number;
  consumePerSec: number;
}

/** ~256 bytes once serialised, like a small trigger event. */
function messages(type: string): Envelope<{ n: number; pad: string }>[] {
  const probe = JSON.stringify(createEnvelope(type, 'env_bench', { n: 0, pad: '' }));
  const pad = 'x'.repeat(Math.max(0, 256 - probe.length - 5));
  return Array.from({ length: COUNT }, (_, n) => createEnvelope(type, 'env_bench', { n, pad }));
}

async function libRound(messaging: Messaging, round: number): Promise<RoundResult> {
  const type = `bench.lib-${round}.v1`;
  const purpose = `lib-${round}`;
  const batch = messages(type);
  // Declare the queue (by starting a consumer) before publishing, then pause it: stop() cancels.
  const declaring = messaging.consume({
    service: 'bench',
    purpose,
    routingKeys: [type],
    handler: async () => undefined,
  });
  await waitFor(() => declaring.isReady);
  await declaring.stop();

  const publishStart = process.hrtime.bigint();
  await Promise.all(batch.map((envelope) => messaging.publisher.publish(envelope)));
  const publishPerSec = rate(COUNT, publishStart);

  let handled = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  // Timed from the first delivery, so the one-off consumer set-up (declares) is not counted.
  let consumeStart = 0n;
  const consumer = messaging.consume({
    service: 'bench',
    purpose,
    routingKeys: [type],
    prefetch: PREFETCH,
    handler: async () => {
      if (handled === 0) consumeStart = process.hrtime.bigint();
      if (++handled === COUNT) done();
    },
  });
  await finished;
  const consumePerSec = rate(COUNT, consumeStart);
  await consumer.stop();
  const tiers = DEFAULT_RETRY_DELAYS_MS.map((delay) => retryQueueName(consumer.queue, delay));
  await deleteQueues([consumer.queue, deadLetterQueueName(consumer.queue), suspectQueueName(consumer.queue), ...tiers]);
  return { publishPerSec, consumePerSec };
}

async function rawRound(round: number, exchange: string): Promise<RoundResult> {
  const type = `bench.raw-${round}.v1`;
  const queue = `${PREFIX}.bench.raw-${round}`;
  const batch = messages(type);
  const publishConnection = await amqp.connect(url);
  const consumeConnection = await amqp.connect(url);
  const publishChannel = await publishConnection.createConfirmChannel();
  await publishChannel.assertExchange(exchange, 'topic', { durable: true });
  await publishChannel.assertQueue(`${queue}.dead`, { durable: true });
  await publishChannel.assertQueue(queue, workQueueOptions(queue));
  await publishChannel.bindQueue(queue, exchange, type);

  const publishStart = process.hrtime.bigint();
  let drained: Promise<void> | undefined;
  publishChannel.on('drain', () => (drained = undefined));
  const confirms: Promise<void>[] = [];
  for (const envelope of batch) {
    if (drained) await drained;
    // Serialising is part of publishing an envelope, for raw amqplib as for the lib.
    const body = Buffer.from(JSON.stringify(envelope));
    confirms.push(
      new Promise<void>((resolve, reject) => {
        const ok = publishChannel.publish(
          exchange,
          type,
          body,
          { persistent: true, contentType: 'application/json', messageId: envelope.id, type, mandatory: true },
          (error: unknown) => (error ? reject(error) : resolve()),
        );
        if (!ok && !drained) drained = new Promise((resume) => publishChannel.once('drain', resume));
      }),
    );
  }
  await Promise.all(confirms);
  const publishPerSec = rate(COUNT, publishStart);

  const consumeChannel = await consumeConnection.createChannel();
  let handled = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let consumeStart = 0n;
  await consumeChannel.prefetch(PREFETCH);
  await consumeChannel.consume(queue, (message) => {
    if (!message) return;
    if (handled === 0) consumeStart = process.hrtime.bigint();
    JSON.parse(message.content.toString('utf8'));
    consumeChannel.ack(message);
    if (++handled === COUNT) done();
  });
  await finished;
  const consumePerSec = rate(COUNT, consumeStart);
  await consumeConnection.close();
  await publishConnection.close();
  await deleteQueues([queue, `${queue}.dead`]);
  return { publishPerSec, consumePerSec };
}

async function deleteQueues(queues: string[], exchanges: string[] = []): Promise<void> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  for (const queue of queues) await channel.deleteQueue(queue);
  for (const exchange of exchanges) await channel.deleteExchange(exchange);
  await connection.close();
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function main(): Promise<void> {
  const messaging = new Messaging({ url, serviceName: 'broker-bench', namePrefix: PREFIX, logger: quiet });
  await messaging.waitUntilReady(10_000);
  const lib: RoundResult[] = [];
  const raw: RoundResult[] = [];
  console.log(
    `broker bench: ${COUNT} messages of ~256 B, persistent, quorum queue, prefetch ${PREFETCH}, ${ROUNDS} interleaved rounds`,
  );
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const libResult = await libRound(messaging, round);
      lib.push(libResult);
      console.log(
        `  round ${round} lib: publish ${libResult.publishPerSec.toFixed(0)}/s, consume ${libResult.consumePerSec.toFixed(0)}/s`,
      );
      const rawResult = await rawRound(round, messaging.names.exchange);
      raw.push(rawResult);
      console.log(
        `  round ${round} raw: publish ${rawResult.publishPerSec.toFixed(0)}/s, consume ${rawResult.consumePerSec.toFixed(0)}/s`,
      );
    }
  } finally {
    await messaging.stop();
    await deleteQueues([], [messaging.names.exchange]);
  }
  const row = (name: string, pick: (result: RoundResult) => number): string => {
    const libMedian = median(lib.map(pick));
    const rawMedian = median(raw.map(pick));
    return `${name.padEnd(18)} lib ${libMedian.toFixed(0).padStart(7)}/s   raw ${rawMedian.toFixed(0).padStart(7)}/s   ratio ${(libMedian / rawMedian).toFixed(2)}`;
  };
  console.log('medians:');
  console.log(row('confirmed publish', (result) => result.publishPerSec));
  console.log(row('consume + ack', (result) => result.consumePerSec));
  const what = 'raw amqplib, same messages, queue and prefetch';
  const note = `${COUNT} × ~256 B persistent, quorum queue, prefetch ${PREFETCH}`;
  const target = { kind: 'ratio-at-least', value: 0.8 } as const;
  emit(
    figure(
      'broker',
      'confirmed publish',
      'msg/s',
      lib.map((result) => Math.round(result.publishPerSec)),
      { floor: { what, runs: raw.map((result) => Math.round(result.publishPerSec)) }, target, note },
    ),
  );
  emit(
    figure(
      'broker',
      'consume + ack',
      'msg/s',
      lib.map((result) => Math.round(result.consumePerSec)),
      { floor: { what, runs: raw.map((result) => Math.round(result.consumePerSec)) }, target, note },
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
