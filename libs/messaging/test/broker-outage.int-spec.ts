import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import {
  BrokerConnection,
  BrokerUnavailableError,
  MessageConsumer,
  MessagePublisher,
  Messaging,
  TopologyNames,
} from '../src';
import { BrokerProbe, destroyConnectionSocket, memoryLogger, queueFamily } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'outage.test-event.v1';

describe('broker unavailable', () => {
  it('rejects publishes and RPC calls promptly with BrokerUnavailableError when the broker cannot be reached', async () => {
    const logger = memoryLogger();
    // Port 1 on loopback: nothing listens, connections are refused at once.
    const messaging = new Messaging({
      url: 'amqp://guest:guest@127.0.0.1:1',
      serviceName: 'outage-test',
      unavailableTimeoutMs: 300,
      rpcTimeoutMs: 300,
      logger,
    });
    try {
      const publishing = messaging.publisher.publish(createEnvelope(TYPE, 'env_test', {}));
      await expect(publishing).rejects.toBeInstanceOf(BrokerUnavailableError);
      await expect(publishing).rejects.toThrow(
        /broker amqp:\/\/127\.0\.0\.1:1 unavailable \(waited 300 ms\): (Error: )?connect ECONNREFUSED/,
      );
      await expect(
        messaging.rpc.call('nobody', createEnvelope('some.request.v1', 'env_test', {})),
      ).rejects.toBeInstanceOf(BrokerUnavailableError);
      expect(messaging.isReady()).toBe(false);
      await expect(messaging.ping()).rejects.toThrow('broker not connected');
      expect(logger.lines.join('\n')).not.toContain('guest:guest');
    } finally {
      await messaging.stop();
    }
  });
});

describe('connection force-closed', () => {
  const url = testServiceUrls().amqpUrl;
  const logger = memoryLogger();
  const names = new TopologyNames({ namePrefix: uniqueTestPrefix('msg_outage') });
  const publishConnection = new BrokerConnection({
    url,
    connectionName: 'outage-test:publish',
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    logger,
  });
  const consumeConnection = new BrokerConnection({
    url,
    connectionName: 'outage-test:consume',
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    logger,
  });
  const publisher = new MessagePublisher(publishConnection, { exchange: names.exchange, logger });
  const received = new Set<string>();
  let consumer: MessageConsumer;
  let probe: BrokerProbe;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    consumer = new MessageConsumer(
      { connection: consumeConnection, publisher, names, logger },
      {
        service: 'outage-test',
        purpose: 'events',
        routingKeys: [TYPE],
        handler: async (envelope) => void received.add(envelope.id),
      },
    );
    await expectEventually(() => expect(consumer.isReady && publisher.isReady).toBe(true));
  });

  afterAll(async () => {
    await consumer.stop();
    await publisher.stop();
    await Promise.all([publishConnection.close(), consumeConnection.close()]);
    await probe.deleteAll(queueFamily(consumer.queue, [1000, 10000, 60000]), [names.exchange]);
    await probe.close();
  });

  it('publishes again after the publishing connection was killed, without a restart', async () => {
    const before = createEnvelope(TYPE, 'env_test', { n: 1 });
    await publisher.publish(before);
    const killed = publishConnection.current();

    destroyConnectionSocket(publishConnection);

    const after = createEnvelope(TYPE, 'env_test', { n: 2 });
    // A publish made while the connection is being re-established waits for it (bounded) and succeeds.
    await expectEventually(() => publisher.publish(after));
    expect(publishConnection.current()).not.toBe(killed);
    await expectEventually(() => expect([...received]).toEqual(expect.arrayContaining([before.id, after.id])));
  });

  it('fails publishes caught in flight by the kill with BrokerUnavailableError instead of hanging', async () => {
    const inFlight = Array.from({ length: 200 }, (_, n) => publisher.publish(createEnvelope(TYPE, 'env_test', { n })));
    destroyConnectionSocket(publishConnection);
    const results = await Promise.allSettled(inFlight);
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.filter((reason) => !(reason instanceof BrokerUnavailableError))).toEqual([]);
    await expectEventually(() => publisher.publish(createEnvelope(TYPE, 'env_test', { n: -1 })));
  });

  it('resumes consuming after the consuming connection was killed, re-declaring its topology', async () => {
    destroyConnectionSocket(consumeConnection);
    await expectEventually(() => expect(consumer.isReady).toBe(true));
    const later = createEnvelope(TYPE, 'env_test', { n: 3 });
    await publisher.publish(later);
    await expectEventually(() => expect(received.has(later.id)).toBe(true));
  });
});
