import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { z } from 'zod';

import { DeadLetterAdmin, HeraldHeader, MessageConsumer, Messaging } from '../src';
import { BrokerProbe, memoryLogger, queueFamily } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'order.placed.v1';
const RETRY_DELAYS = [100, 200];
const orderSchema = z.object({
  orderId: z.string(),
  amount: z.number().positive(),
  environmentId: z.string().optional(),
});

describe('poison messages, retries and the dead-letter queue', () => {
  const url = testServiceUrls().amqpUrl;
  const messaging = new Messaging({
    url,
    serviceName: 'dlq-test',
    namePrefix: uniqueTestPrefix('msg_dlq'),
    logger: memoryLogger(),
  });
  const attempts = new Map<string, number[]>();
  const processed = new Set<string>();
  const broken = new Set<string>();
  let consumer: MessageConsumer<z.infer<typeof orderSchema>>;
  let probe: BrokerProbe;
  let admin: DeadLetterAdmin;

  beforeAll(async () => {
    probe = await BrokerProbe.connect(url);
    admin = await DeadLetterAdmin.connect(url);
    consumer = messaging.consume({
      service: 'dlq-test',
      purpose: 'orders',
      routingKeys: [TYPE],
      dataSchema: orderSchema,
      retry: { delaysMs: RETRY_DELAYS },
      handler: async (envelope, context) => {
        attempts.set(envelope.id, [...(attempts.get(envelope.id) ?? []), context.attempt]);
        if (broken.has(envelope.data.orderId)) throw new Error(`payment service down for ${envelope.data.orderId}`);
        processed.add(envelope.id);
      },
    });
    await messaging.waitUntilReady(10_000);
  });

  afterAll(async () => {
    await messaging.stop();
    await admin.close();
    await probe.deleteAll(queueFamily(consumer.queue, RETRY_DELAYS), [messaging.names.exchange]);
    await probe.close();
  });

  it('dead-letters a message failing its schema at once, with the reason, without calling the handler', async () => {
    const poison = createEnvelope(TYPE, 'env_test', { orderId: 'o-1', amount: -5 });
    await messaging.publisher.publish(poison);
    probe.sendRaw(consumer.queue, Buffer.from('not json at all'), { messageId: 'raw-garbage', persistent: true });

    const listing = await expectEventually(async () => {
      const current = await admin.list(consumer.queue);
      expect(current.count).toBe(2);
      return current;
    });
    const byId = new Map(listing.messages.map((message) => [message.messageId, message]));
    expect(byId.get(poison.id)).toMatchObject({
      type: TYPE,
      attempts: 0,
      originalRoutingKey: TYPE,
      reason: expect.stringMatching(/^invalid-data: amount: Number must be greater than 0/),
    });
    expect(Date.parse(byId.get(poison.id)?.failedAt ?? '')).not.toBeNaN();
    expect(byId.get('raw-garbage')?.reason).toBe('invalid-payload: body is not JSON');
    expect(attempts.has(poison.id)).toBe(false);
    // Listing does not consume.
    expect(await probe.depth(`${consumer.queue}.dead`)).toBe(2);
    await probe.purge(`${consumer.queue}.dead`);
  });

  it('dead-letters data naming another environment than its envelope at once, without calling the handler', async () => {
    const foreign = createEnvelope(TYPE, 'env_test', { orderId: 'o-foreign', amount: 5, environmentId: 'env_other' });
    await messaging.publisher.publish(foreign);
    const listing = await expectEventually(async () => {
      const current = await admin.list(consumer.queue);
      expect(current.count).toBe(1);
      return current;
    });
    expect(listing.messages[0]).toMatchObject({
      messageId: foreign.id,
      attempts: 0,
      reason: 'invalid-data: data.environmentId: does not match the envelope environmentId',
    });
    expect(attempts.has(foreign.id)).toBe(false);
    await probe.purge(`${consumer.queue}.dead`);
  });

  it('retries a throwing handler through the tiers, dead-letters it with its error, and replays it', async () => {
    broken.add('o-2');
    const order = createEnvelope(TYPE, 'env_test', { orderId: 'o-2', amount: 10 });
    await messaging.publisher.publish(order);

    const listing = await expectEventually(async () => {
      const current = await admin.list(consumer.queue);
      expect(current.count).toBe(1);
      return current;
    });
    // First try plus one retry per tier, then dead.
    expect(attempts.get(order.id)).toEqual([1, 2, 3]);
    expect(listing.messages[0]).toMatchObject({
      messageId: order.id,
      type: TYPE,
      attempts: 3,
      reason: 'handler-failed after 3 attempt(s): payment service down for o-2',
    });
    expect(await probe.depth(consumer.queue)).toBe(0);

    broken.delete('o-2');
    expect(await admin.replay(consumer.queue)).toEqual({ replayed: 1 });
    await expectEventually(() => expect(processed.has(order.id)).toBe(true));
    // The attempt counter starts over after a replay.
    expect(attempts.get(order.id)).toEqual([1, 2, 3, 1]);
    expect(await probe.depth(`${consumer.queue}.dead`)).toBe(0);
  });

  it('keeps the original routing key and counts attempts in headers on the way through the tiers', async () => {
    broken.add('o-3');
    const seenHeaders: Array<Record<string, unknown>> = [];
    const order = createEnvelope(TYPE, 'env_test', { orderId: 'o-3', amount: 1 });
    const retried = messaging.consume({
      service: 'dlq-test',
      purpose: 'headers',
      routingKeys: [TYPE],
      retry: { delaysMs: [50], maxRetries: 1 },
      handler: async (envelope, context) => {
        if (envelope.id !== order.id) return;
        seenHeaders.push({
          attempt: context.attempt,
          routingKey: context.routingKey,
          header: context.headers[HeraldHeader.attempt],
        });
        throw new Error('still broken');
      },
    });
    await expectEventually(() => expect(retried.isReady).toBe(true));
    await messaging.publisher.publish(order);
    await expectEventually(async () => expect(await probe.depth(`${retried.queue}.dead`)).toBe(1));
    expect(seenHeaders).toEqual([
      { attempt: 1, routingKey: TYPE, header: undefined },
      { attempt: 2, routingKey: TYPE, header: 1 },
    ]);
    await retried.stop();
    await probe.deleteAll(queueFamily(retried.queue, [50]));
  });
});
