import type { Socket } from 'node:net';

import type { Channel, ChannelModel } from 'amqplib';
import * as amqp from 'amqplib';

import { BrokerConnection, deadLetterQueueName, MessagingLogger, retryQueueName, suspectQueueName } from '../../src';

/**
 * Cuts a live broker connection abruptly, as a network failure (connection reset) would: the
 * socket is destroyed under amqplib with an error, and the broker requeues unacked deliveries.
 */
export function destroyConnectionSocket(connection: BrokerConnection): void {
  const model = connection.current();
  if (!model) throw new Error(`connection ${connection.name} is not open`);
  (model.connection as unknown as { stream: Socket }).stream.destroy(
    Object.assign(new Error('connection reset by test'), { code: 'ECONNRESET' }),
  );
}

/** A queue plus its dead-letter queue, suspect lane and retry tiers, for clean-up. */
export function queueFamily(queue: string, retryDelaysMs: readonly number[] = []): string[] {
  const tiers = retryDelaysMs.map((delay) => retryQueueName(queue, delay));
  return [queue, deadLetterQueueName(queue), suspectQueueName(queue), ...tiers];
}

/** A plain connection of the test's own, to inspect and clean up broker state. */
export class BrokerProbe {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
  ) {}

  static async connect(url: string): Promise<BrokerProbe> {
    const model = await amqp.connect(url, { clientProperties: { connection_name: 'messaging-test-probe' } });
    const channel = await model.createChannel();
    return new BrokerProbe(model, channel);
  }

  /** Ready messages in a queue. */
  async depth(queue: string): Promise<number> {
    const { messageCount } = await this.channel.checkQueue(queue);
    return messageCount;
  }

  /** Takes (acks) the message at the head of a queue, if any. */
  async take(queue: string): Promise<amqp.GetMessage | false> {
    return this.channel.get(queue, { noAck: true });
  }

  /** Empties a queue. */
  async purge(queue: string): Promise<void> {
    await this.channel.purgeQueue(queue);
  }

  /** Declares a classic queue bound to the exchange (the exchange must exist). */
  async bindQueue(queue: string, exchange: string, routingKey: string): Promise<void> {
    await this.channel.assertExchange(exchange, 'topic', { durable: true });
    await this.channel.assertQueue(queue, { durable: true });
    await this.channel.bindQueue(queue, exchange, routingKey);
  }

  /** Sends raw bytes to a queue (e.g. a message that is not an envelope at all). */
  sendRaw(queue: string, body: Buffer, properties: amqp.Options.Publish = {}): void {
    this.channel.sendToQueue(queue, body, properties);
  }

  /** Deletes queues and exchanges, ignoring the ones already gone. */
  async deleteAll(queues: string[], exchanges: string[] = []): Promise<void> {
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    for (const queue of queues) await channel.deleteQueue(queue).catch(() => undefined);
    for (const exchange of exchanges) await channel.deleteExchange(exchange).catch(() => undefined);
    await channel.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

/** A logger that keeps lines in memory, so expected warnings do not flood the test output. */
export function memoryLogger(): MessagingLogger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}
