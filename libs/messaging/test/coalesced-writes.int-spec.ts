import type { Socket } from 'node:net';

import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import * as amqp from 'amqplib';

import { BrokerConnection, MessagePublisher, TopologyNames } from '../src';
import { amqpSocketOf } from '../src/connection/coalesced-writes';
import { BrokerProbe, memoryLogger } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'coalesce.test-message.v1';
const IN_FLIGHT = 50;
const WINDOWED = 2_000;
const BURST = 500;

/** Counts the socket's writes as they reach the OS: `_write` for one chunk, `_writev` for a batch. */
function countSocketWrites(socket: Socket): { writes: number; batches: number; chunks: number } {
  const counts = { writes: 0, batches: 0, chunks: 0 };
  const internals = socket as unknown as {
    _write: (...args: unknown[]) => void;
    _writev: (chunks: unknown[], callback: unknown) => void;
  };
  const write = internals._write;
  const writev = internals._writev;
  internals._write = (...args) => {
    counts.writes += 1;
    counts.chunks += 1;
    write.apply(socket, args);
  };
  internals._writev = (chunks, callback) => {
    counts.batches += 1;
    counts.chunks += chunks.length;
    writev.call(socket, chunks, callback);
  };
  return counts;
}

/** Publishes `count` envelopes numbered from `first`, at most `inFlight` waiting for their confirm at once. */
async function publishWindowed(
  publisher: MessagePublisher,
  first: number,
  count: number,
  inFlight: number,
): Promise<void> {
  let next = first;
  const end = first + count;
  const lane = async (): Promise<void> => {
    while (next < end) await publisher.publish(createEnvelope(TYPE, 'env_test', { n: next++ }));
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

describe('publishing with writes coalesced per turn', () => {
  const url = testServiceUrls().amqpUrl;
  const names = new TopologyNames({ namePrefix: uniqueTestPrefix('msg_coalesce') });
  const queue = `${names.exchange}.coalesce-test`;
  const connection = new BrokerConnection({ url, connectionName: 'coalesce-test:publish', logger: memoryLogger() });
  const publisher = new MessagePublisher(connection, { exchange: names.exchange, logger: memoryLogger() });
  let probe: BrokerProbe;
  let reader: amqp.ChannelModel;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    await probe.bindQueue(queue, names.exchange, TYPE);
    reader = await amqp.connect(url, { clientProperties: { connection_name: 'coalesce-test:reader' } });
    await expectEventually(() => expect(publisher.isReady).toBe(true));
  });

  afterAll(async () => {
    await publisher.stop();
    await connection.close();
    await reader.close().catch(() => undefined);
    await probe.deleteAll([queue], [names.exchange]);
    await probe.close();
  });

  it('confirms every publish, keeps their order, and batches the socket writes', async () => {
    const model = connection.current();
    if (!model) throw new Error('not connected');
    const counts = countSocketWrites(amqpSocketOf(model) as Socket);

    // As the gateway publishes (a window of requests in flight), then all in one turn.
    await publishWindowed(publisher, 0, WINDOWED, IN_FLIGHT);
    const beforeBurst = { ...counts };
    await Promise.all(
      Array.from({ length: BURST }, (_, index) =>
        publisher.publish(createEnvelope(TYPE, 'env_test', { n: WINDOWED + index })),
      ),
    );

    const total = WINDOWED + BURST;
    await expectEventually(async () => expect(await probe.depth(queue)).toBe(total), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    const received: number[] = [];
    const channel = await reader.createChannel();
    await channel.consume(
      queue,
      (message) => {
        if (message) received.push((JSON.parse(message.content.toString('utf8')) as { data: { n: number } }).data.n);
      },
      { noAck: true },
    );
    await expectEventually(() => expect(received).toHaveLength(total), { timeoutMs: 20_000, intervalMs: 100 });
    expect(received).toEqual(Array.from({ length: total }, (_, n) => n));

    // Uncorked, each frame is a write of its own. The burst's frames are all queued in one turn, so
    // however busy the machine, they leave in batches (up to the socket's high-water mark each).
    expect(counts.chunks).toBeGreaterThanOrEqual(total);
    const burstWrites = counts.writes + counts.batches - (beforeBurst.writes + beforeBurst.batches);
    expect(counts.batches - beforeBurst.batches).toBeGreaterThan(0);
    expect(burstWrites).toBeLessThan(BURST / 4);
  });
});
