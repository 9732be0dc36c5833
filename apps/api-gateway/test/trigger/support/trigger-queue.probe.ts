import { Envelope, TRIGGER_REQUESTED_V1, TriggerRequestedData } from '@herald/contracts';
import type { Channel, ChannelModel } from 'amqplib';
import * as amqp from 'amqplib';

/**
 * A queue of the test's own bound to `trigger.requested.v1` on the suite's prefixed exchange:
 * stands in for trigger-worker, so a test can count and read exactly what the gateway queued.
 */
export class TriggerQueueProbe {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
    readonly queue: string,
    private readonly exchange: string,
  ) {}

  static async bind(amqpUrl: string, exchange: string): Promise<TriggerQueueProbe> {
    const model = await amqp.connect(amqpUrl, { clientProperties: { connection_name: 'gateway-test-trigger-probe' } });
    const channel = await model.createChannel();
    const queue = `${exchange}.test-triggers`;
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: false });
    await channel.bindQueue(queue, exchange, TRIGGER_REQUESTED_V1);
    return new TriggerQueueProbe(model, channel, queue, exchange);
  }

  /** Messages waiting in the queue. */
  async count(): Promise<number> {
    return (await this.channel.checkQueue(this.queue)).messageCount;
  }

  /** Takes every waiting message off the queue, oldest first. */
  async drain(): Promise<Envelope<TriggerRequestedData>[]> {
    const envelopes: Envelope<TriggerRequestedData>[] = [];
    for (;;) {
      const message = await this.channel.get(this.queue, { noAck: true });
      if (!message) return envelopes;
      envelopes.push(JSON.parse(message.content.toString('utf8')) as Envelope<TriggerRequestedData>);
    }
  }

  /** Removes the binding, so publishes become unroutable (the broker returns them). */
  async unbind(): Promise<void> {
    await this.channel.unbindQueue(this.queue, this.exchange, TRIGGER_REQUESTED_V1);
  }

  async rebind(): Promise<void> {
    await this.channel.bindQueue(this.queue, this.exchange, TRIGGER_REQUESTED_V1);
  }

  async close(): Promise<void> {
    await this.channel.deleteQueue(this.queue).catch(() => undefined);
    await this.channel.deleteExchange(this.exchange).catch(() => undefined);
    await this.model.close().catch(() => undefined);
  }
}
