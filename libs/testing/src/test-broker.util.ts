import type { Envelope } from '@herald/contracts';
import * as amqp from 'amqplib';

import { expectEventually } from './expect-eventually.util';
import { testServiceUrls } from './service-urls';

/** Answers one RPC method; throw an error with a string `code` to answer with that error code. */
export type RpcStubHandler = (request: Envelope<unknown>) => unknown;

/** An RPC server played by a test, with a count of the calls it answered per method. */
export interface RpcStub {
  readonly calls: Map<string, number>;
}

/** Messages a test queue received, in arrival order. */
export class MessageRecorder<T = unknown> {
  readonly messages: Envelope<T>[] = [];

  /** The recorded messages matching `predicate`. */
  where(predicate: (envelope: Envelope<T>) => boolean): Envelope<T>[] {
    return this.messages.filter(predicate);
  }

  /** Waits for a message matching `predicate` and returns it. */
  waitFor(predicate: (envelope: Envelope<T>) => boolean, timeoutMs = 15_000): Promise<Envelope<T>> {
    return expectEventually(
      () => {
        const found = this.messages.find(predicate);
        if (!found) throw new Error(`no matching message among ${this.messages.length} recorded`);
        return found;
      },
      { timeoutMs },
    );
  }
}

/**
 * The other services of a test, speaking Herald's wire format straight over amqplib (so it does
 * not share code with the messaging lib it helps test): publishes envelopes to the suite's
 * prefixed topic exchange, records what services publish, and plays RPC servers (direct
 * reply-to, `{ok, data}` / `{ok: false, error: {code, message}}` replies).
 */
export class TestBroker {
  private readonly declaredQueues = new Set<string>();

  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
    /** The suite's name prefix (`BROKER_NAME_PREFIX`). */
    readonly prefix: string,
    /** The prefixed topic exchange. */
    readonly exchange: string,
  ) {}

  /** Connects and declares the suite's exchange (durable topic, as every service declares it). */
  static async connect(prefix: string, options: { url?: string; exchange?: string } = {}): Promise<TestBroker> {
    const connection = await amqp.connect(options.url ?? testServiceUrls().amqpUrl);
    const channel = await connection.createConfirmChannel();
    const exchange = `${prefix}.${options.exchange ?? 'herald'}`;
    await channel.assertExchange(exchange, 'topic', { durable: true });
    return new TestBroker(connection, channel, prefix, exchange);
  }

  /** The prefixed name of `<service>.<purpose>`. */
  queueName(service: string, purpose: string): string {
    return `${this.prefix}.${service}.${purpose}`;
  }

  /** Publishes an envelope (routing key = its type unless given) and waits for the broker's confirm. */
  async publish(envelope: Envelope<unknown>, routingKey = envelope.type): Promise<void> {
    this.channel.publish(this.exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      persistent: true,
    });
    await this.channel.waitForConfirms();
  }

  /** Binds a fresh exclusive queue to `routingKeys` and records every envelope routed to it. */
  async record<T = unknown>(routingKeys: readonly string[]): Promise<MessageRecorder<T>> {
    const recorder = new MessageRecorder<T>();
    const channel = await this.connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of routingKeys) await channel.bindQueue(queue, this.exchange, key);
    await channel.consume(
      queue,
      (message) => message && recorder.messages.push(JSON.parse(message.content.toString('utf8')) as Envelope<T>),
      { noAck: true },
    );
    return recorder;
  }

  /** Serves RPC methods on `<prefix>.<service>.rpc` (a durable quorum queue, as RPC servers declare it). */
  async serveRpc(service: string, methods: Record<string, RpcStubHandler>): Promise<RpcStub> {
    const stub: RpcStub = { calls: new Map() };
    const queue = this.queueName(service, 'rpc');
    const channel = await this.connection.createChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    this.declaredQueues.add(queue);
    await channel.consume(queue, (message) => {
      if (!message) return;
      const method = String(message.properties.type ?? '');
      stub.calls.set(method, (stub.calls.get(method) ?? 0) + 1);
      void answer(methods[method], message).then((reply) => {
        channel.publish('', String(message.properties.replyTo), Buffer.from(JSON.stringify(reply)), {
          correlationId: message.properties.correlationId,
          contentType: 'application/json',
        });
        channel.ack(message);
      });
    });
    return stub;
  }

  /** Ready messages in a queue (0 when it does not exist). */
  async depth(queue: string): Promise<number> {
    return (await this.inspect(queue))?.messageCount ?? 0;
  }

  /** Consumers attached to a queue (0 when it does not exist). */
  async consumers(queue: string): Promise<number> {
    return (await this.inspect(queue))?.consumerCount ?? 0;
  }

  private async inspect(queue: string): Promise<{ messageCount: number; consumerCount: number } | undefined> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      return await channel.checkQueue(queue);
    } catch {
      return undefined;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Deletes `queues`, the RPC queues it served and the exchange, then disconnects. */
  async close(queues: readonly string[] = []): Promise<void> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of [...queues, ...this.declaredQueues]) await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteExchange(this.exchange).catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

async function answer(handler: RpcStubHandler | undefined, message: amqp.ConsumeMessage): Promise<unknown> {
  if (!handler)
    return { ok: false, error: { code: 'unknown_method', message: `no stub for ${String(message.properties.type)}` } };
  try {
    return { ok: true, data: await handler(JSON.parse(message.content.toString('utf8')) as Envelope<unknown>) };
  } catch (error) {
    const code =
      typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'internal_error';
    return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
  }
}
