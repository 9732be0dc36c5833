import { Envelope } from '@herald/contracts';
import type { ConfirmChannel, Message, Options } from 'amqplib';

import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import {
  BrokerUnavailableError,
  PublishNackedError,
  PublishTimeoutError,
  UnroutableMessageError,
} from '../errors/messaging.errors';
import { MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { encodeEnvelope } from './envelope-codec';
import { ReturnRegistry } from './return-registry';

/** Publisher settings. */
export interface MessagePublisherOptions {
  /** The topic exchange messages go to (declared durable on every new channel). */
  exchange: string;
  /** How long a publish may wait for a channel when the broker is away (default 3 s). */
  unavailableTimeoutMs?: number;
  /** How long a publish waits for the broker's confirm (default 15 s). */
  confirmTimeoutMs?: number;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

/** Per-publish options. */
export interface PublishOptions {
  /** Defaults to the envelope's `type` (routing keys are contract names). */
  routingKey?: string;
  /** Extra AMQP headers. */
  headers?: Record<string, unknown>;
  /** Reject with `UnroutableMessageError` when no queue takes the message (default true). */
  mandatory?: boolean;
}

/** One publish waiting for its confirm. */
export interface PendingPublish {
  exchange: string;
  routingKey: string;
  deadline: number;
  /** Set when the broker returned the message (basic.return precedes the confirm). */
  returnedBecause?: string;
  settle(error?: Error): void;
}

/**
 * Publishes with publisher confirms on one shared confirm channel: `publish()` resolves only once
 * the broker has taken responsibility for the message. Any number of publishes may be in flight;
 * while the channel's write buffer is full, new publishes queue in order until 'drain'.
 */
export class MessagePublisher {
  private readonly supervisor: SupervisedChannel<ConfirmChannel>;
  private readonly unavailableTimeoutMs: number;
  private readonly confirmTimeoutMs: number;
  private readonly returns = new ReturnRegistry<PendingPublish>();
  private readonly pending = new Set<PendingPublish>();
  private readonly idleWaiters: Array<() => void> = [];
  // Writes waiting for 'drain' on the blocked channel, oldest first.
  private backlog: Array<() => void> = [];
  private blockedChannel?: ConfirmChannel;
  private sweeper?: NodeJS.Timeout;

  constructor(
    connection: BrokerConnection,
    private readonly options: MessagePublisherOptions,
  ) {
    this.unavailableTimeoutMs = options.unavailableTimeoutMs ?? 3_000;
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 15_000;
    this.supervisor = new SupervisedChannel<ConfirmChannel>(
      connection,
      {
        name: `${connection.name}/publisher`,
        confirm: true,
        setup: async (channel) => {
          channel.on('return', (message: Message) => this.handleReturn(message));
          channel.on('drain', () => this.flushBacklog(channel));
          await channel.assertExchange(options.exchange, 'topic', { durable: true });
        },
        // Queued writes now fail fast on the closed channel instead of waiting for a drain.
        onClosed: (channel) => this.flushBacklog(channel),
      },
      options.logger ?? stderrMessagingLogger,
    );
  }

  /** True when a confirm channel is open and the exchange is declared. */
  get isReady(): boolean {
    return this.supervisor.current !== undefined;
  }

  /** The exchange `publish()` sends to. */
  get exchange(): string {
    return this.options.exchange;
  }

  /**
   * Publishes an envelope to the exchange (routing key = its type unless given) and resolves on
   * the broker's confirm. Rejects with `BrokerUnavailableError`, `UnroutableMessageError`,
   * `PublishNackedError` or `PublishTimeoutError`.
   */
  publish(envelope: Envelope<unknown>, options: PublishOptions = {}): Promise<void> {
    const { content, properties } = encodeEnvelope(envelope, options.headers);
    properties.mandatory = options.mandatory ?? true;
    return this.enqueue(this.options.exchange, options.routingKey ?? envelope.type, content, properties);
  }

  /** Publishes an envelope straight to a queue through the default exchange, with confirm. */
  sendToQueue(queue: string, envelope: Envelope<unknown>, headers?: Record<string, unknown>): Promise<void> {
    const { content, properties } = encodeEnvelope(envelope, headers);
    properties.mandatory = true;
    return this.enqueue('', queue, content, properties);
  }

  /**
   * Publishes an already encoded message with confirm (used to move messages between queues).
   * `mandatory` needs a `messageId` to match a return to its publish.
   */
  publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: Options.Publish,
    mandatory = true,
  ): Promise<void> {
    return this.enqueue(exchange, routingKey, content, { ...properties, mandatory });
  }

  /** Waits (up to the confirm timeout) for publishes in flight, then closes the channel. */
  async stop(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    clearInterval(this.sweeper);
    await this.supervisor.stop();
  }

  // `properties` is owned by the publisher from here on (no defensive copy on the hot path).
  private enqueue(exchange: string, routingKey: string, content: Buffer, properties: Options.Publish): Promise<void> {
    const channel = this.supervisor.current;
    if (channel) return this.write(channel, exchange, routingKey, content, properties);
    return this.supervisor.waitForChannel(this.unavailableTimeoutMs).then(
      (ready) => this.write(ready, exchange, routingKey, content, properties),
      (error: unknown) => {
        this.count(exchange, 'failed');
        throw error;
      },
    );
  }

  private write(
    channel: ConfirmChannel,
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: Options.Publish,
  ): Promise<void> {
    // A return names only the message id, so without one a message cannot be matched: not mandatory.
    const messageId =
      properties.mandatory && typeof properties.messageId === 'string' ? properties.messageId : undefined;
    if (!messageId) properties.mandatory = false;
    return new Promise<void>((resolve, reject) => {
      const pending: PendingPublish = {
        exchange,
        routingKey,
        deadline: Date.now() + this.confirmTimeoutMs,
        settle: (error) => {
          if (!this.pending.delete(pending)) return;
          if (messageId) this.returns.remove(messageId, pending);
          if (this.pending.size === 0) this.notifyIdle();
          this.count(exchange, error ? 'failed' : 'confirmed');
          if (error) reject(error);
          else resolve();
        },
      };
      this.track(pending);
      if (messageId) this.returns.add(messageId, pending);
      const send = (): void => {
        try {
          const writable = channel.publish(exchange, routingKey, content, properties, (error: unknown) =>
            pending.settle(confirmError(pending, error)),
          );
          if (!writable) this.blockedChannel = channel;
        } catch (error) {
          pending.settle(
            new BrokerUnavailableError(`cannot publish to ${routingKey}: channel closed`, { cause: error }),
          );
        }
      };
      if (this.blockedChannel === channel) this.backlog.push(send);
      else send();
    });
  }

  private flushBacklog(channel: ConfirmChannel): void {
    if (this.blockedChannel !== channel) return;
    this.blockedChannel = undefined;
    const queued = this.backlog;
    this.backlog = [];
    for (let index = 0; index < queued.length; index++) {
      if (this.blockedChannel === channel) {
        // Full again: keep the rest, in order, for the next drain.
        this.backlog = queued.slice(index).concat(this.backlog);
        return;
      }
      queued[index]();
    }
  }

  private handleReturn(message: Message): void {
    const id = message.properties.messageId as string | undefined;
    const pending = id ? this.returns.firstUnreturned(id) : undefined;
    // basic.return carries the reply code and text; amqplib's types do not declare them.
    const fields = message.fields as typeof message.fields & { replyCode?: number; replyText?: string };
    if (pending) pending.returnedBecause = `${fields.replyCode ?? ''} ${fields.replyText ?? 'unroutable'}`.trim();
  }

  private track(pending: PendingPublish): void {
    this.pending.add(pending);
    // One sweeper for all confirm deadlines instead of a timer per message.
    if (!this.sweeper) {
      this.sweeper = setInterval(() => this.sweep(), Math.min(1_000, Math.max(10, this.confirmTimeoutMs / 4)));
      this.sweeper.unref();
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const pending of this.pending) {
      if (pending.deadline <= now)
        pending.settle(new PublishTimeoutError(pending.exchange, pending.routingKey, this.confirmTimeoutMs));
    }
    if (this.pending.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private count(exchange: string, outcome: 'confirmed' | 'failed'): void {
    this.options.metrics?.published.inc({ exchange: exchange || '(default)', outcome });
  }
}

function confirmError(pending: PendingPublish, error: unknown): Error | undefined {
  if (pending.returnedBecause !== undefined)
    return new UnroutableMessageError(pending.exchange, pending.routingKey, pending.returnedBecause);
  if (!error) return undefined;
  if (error instanceof Error && error.message === 'message nacked')
    return new PublishNackedError(pending.exchange, pending.routingKey);
  return new BrokerUnavailableError(`channel closed before the broker confirmed the message to ${pending.routingKey}`, {
    cause: error,
  });
}
