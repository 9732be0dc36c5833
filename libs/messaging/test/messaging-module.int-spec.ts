import 'reflect-metadata';

import { createEnvelope } from '@herald/contracts';
import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import { Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { MessageConsumer, MessagePublisher, Messaging, MessagingModule, RpcClient } from '../src';
import { BrokerProbe, memoryLogger, queueFamily } from './support/broker-test-kit';

// The integration project's testTimeout is not applied per project; say it here.
jest.setTimeout(60_000);

const TYPE = 'module.test-event.v1';
const handled: string[] = [];
let finishInFlight: () => void = () => undefined;

@Injectable()
class EventsHandler implements OnApplicationBootstrap {
  consumer?: MessageConsumer;

  constructor(@Inject(Messaging) private readonly messaging: Messaging) {}

  onApplicationBootstrap(): void {
    this.consumer = this.messaging.consume({
      service: 'module-test',
      purpose: 'events',
      routingKeys: [TYPE],
      handler: async (envelope) => {
        // Finishes only when the test says so: shutdown must wait for it.
        await new Promise<void>((resolve) => (finishInFlight = resolve));
        handled.push(envelope.id);
      },
    });
  }
}

describe('MessagingModule', () => {
  const url = testServiceUrls().amqpUrl;
  const namePrefix = uniqueTestPrefix('msg_module');

  @Module({
    imports: [
      MessagingModule.forRootAsync({
        useFactory: () => ({ url, serviceName: 'module-test', namePrefix, logger: memoryLogger() }),
      }),
    ],
    providers: [EventsHandler],
  })
  class TestAppModule {}

  it('provides the publisher and RPC client, reports readiness, and drains in-flight work on shutdown', async () => {
    const app = await NestFactory.createApplicationContext(TestAppModule, { logger: false });
    const messaging = app.get(Messaging);
    expect(app.get(MessagePublisher)).toBe(messaging.publisher);
    expect(app.get(RpcClient)).toBe(messaging.rpc);
    await messaging.waitUntilReady(10_000);

    const event = createEnvelope(TYPE, 'env_test', {});
    await app.get(MessagePublisher).publish(event);
    await expectEventually(() => expect(app.get(EventsHandler).consumer?.inFlightCount).toBe(1));

    const closing = app.close();
    let closed = false;
    void closing.then(() => (closed = true));
    await expectEventually(() => expect(messaging.isReady()).toBe(false));
    expect(closed).toBe(false);
    finishInFlight();
    await closing;
    expect(handled).toEqual([event.id]);

    const probe = await BrokerProbe.connect(url);
    // Acked before the channel closed: nothing left to redeliver.
    expect(await probe.depth(messaging.names.workQueue('module-test', 'events'))).toBe(0);
    await probe.deleteAll(queueFamily(messaging.names.workQueue('module-test', 'events'), [1000, 10000, 60000]), [
      messaging.names.exchange,
    ]);
    await probe.close();
  });
});
