import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { Registry } from 'prom-client';
import { z } from 'zod';

import { Messaging, UnroutableMessageError } from '../src';
import { BrokerProbe, queueFamily } from './support/broker-test-kit';

const MESSAGES = 10_000;
const TYPE = 'load.test-message.v1';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

describe('confirmed publish and consume', () => {
  const url = testServiceUrls().amqpUrl;
  const prefix = uniqueTestPrefix('msg_pubsub');
  const registry = new Registry();
  const messaging = new Messaging({ url, serviceName: 'pubsub-test', namePrefix: prefix, metricsRegistry: registry });
  let probe: BrokerProbe;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    await messaging.waitUntilReady(10_000);
  });

  afterAll(async () => {
    await messaging.stop();
    await probe.deleteAll(queueFamily(messaging.names.workQueue('pubsub-test', 'load'), [1000, 10000, 60000]), [
      messaging.names.exchange,
    ]);
    await probe.close();
  });

  it(`consumes each of ${MESSAGES} confirmed messages exactly once`, async () => {
    const seen = new Map<string, number>();
    const consumer = messaging.consume({
      service: 'pubsub-test',
      purpose: 'load',
      routingKeys: [TYPE],
      dataSchema: z.object({ n: z.number().int(), pad: z.string() }),
      prefetch: 200,
      handler: async (envelope) => {
        seen.set(envelope.id, (seen.get(envelope.id) ?? 0) + 1);
      },
    });
    await expectEventually(() => expect(messaging.isReady()).toBe(true));

    const envelopes = Array.from({ length: MESSAGES }, (_, n) =>
      createEnvelope(TYPE, 'env_test', { n, pad: 'x'.repeat(100) }),
    );
    // All publishes in flight at once on one confirm channel: each resolves on its own confirm.
    await Promise.all(envelopes.map((envelope) => messaging.publisher.publish(envelope)));

    await expectEventually(() => expect(seen.size).toBe(MESSAGES), { timeoutMs: 30_000, intervalMs: 100 });
    await expectEventually(async () => {
      expect(consumer.inFlightCount).toBe(0);
      expect(await probe.depth(consumer.queue)).toBe(0);
    });
    expect([...seen.values()].filter((count) => count !== 1)).toEqual([]);
    expect(envelopes.every((envelope) => seen.has(envelope.id))).toBe(true);

    const published = await registry.getSingleMetric('herald_messages_published_total')?.get();
    expect(published?.values.find((value) => value.labels.outcome === 'confirmed')?.value).toBeGreaterThanOrEqual(
      MESSAGES,
    );
  });

  it('delivers broadcast events to every replica through exclusive per-replica queues', async () => {
    const replicaTwo = new Messaging({ url, serviceName: 'pubsub-test', namePrefix: prefix });
    const seenBy: Record<'one' | 'two', string[]> = { one: [], two: [] };
    try {
      const one = messaging.consume({
        service: 'pubsub-test',
        purpose: 'cache',
        mode: 'replica',
        routingKeys: ['cache.invalidated.v1'],
        handler: async (envelope) => void seenBy.one.push(envelope.id),
      });
      const two = replicaTwo.consume({
        service: 'pubsub-test',
        purpose: 'cache',
        mode: 'replica',
        routingKeys: ['cache.invalidated.v1'],
        handler: async (envelope) => void seenBy.two.push(envelope.id),
      });
      await expectEventually(() => expect(one.isReady && two.isReady).toBe(true));
      expect(one.queue).not.toBe(two.queue);
      const event = createEnvelope('cache.invalidated.v1', 'env_test', { key: 'workflows' });
      await messaging.publisher.publish(event);
      await expectEventually(() => expect(seenBy).toEqual({ one: [event.id], two: [event.id] }));
      await one.stop();
    } finally {
      await replicaTwo.stop();
    }
  });

  it('rejects a message no queue is bound for instead of letting it vanish', async () => {
    await expect(
      messaging.publisher.publish(createEnvelope('nobody.listens.v1', 'env_test', {})),
    ).rejects.toBeInstanceOf(UnroutableMessageError);
    // The channel survives a returned message.
    await expect(
      messaging.publisher.publish(createEnvelope(TYPE, 'env_test', { n: -1, pad: '' })),
    ).resolves.toBeUndefined();
  });
});
