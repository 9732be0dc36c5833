import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Channel, ConsumeMessage, Options } from 'amqplib';
import { Envelope } from '@herald/contracts';
import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import { describeError, MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { MessagingMetrics } from '../metrics/messaging.metrics';
import { DataSchema, decodeEnvelope } from '../publisher/envelope-codec';
import { MessagePublisher } from '../publisher/message-publisher';
import { declareReplicaQueue, declareWorkQueue } from '../topology/topology.declarer';
import { deadLetterQueueName, retryQueueName, TopologyNames } from '../topology/topology-names';
import { AckBatcher } from './ack-batcher';
import { buildDeadLetterHeaders, buildRetryHeaders, HeraldHeader, MessageHeaders, MessageOrigin, originalRoutingKey, readAttempt } from './herald-headers';
import { decideAfterFailure, normalizeRetryPolicy, RetryPolicy, RetryPolicyOptions, retryTierDelays } from './retry-policy';

/** What a handler learns about the delivery besides the envelope. */
export interface MessageContext {
  queue: string;
  /** The routing key the message was first published with. */
  routingKey: string;
  /** 1 for the first try; grows with each retry through a tier. */
  attempt: number;
  /** The broker delivered it before (e.g. a consumer died holding it): check the ledger. */
  redelivered: boolean;
  headers: MessageHeaders;
}

/** A message handler. Resolve to ack; throw to retry (then dead-letter). */
export type MessageHandler<T> = (envelope: Envelope<T>, context: MessageContext) => Promise<void>;

/** What to consume and how. */
export interface MessageConsumerOptions<T> {
  service: string;
  purpose: string;
  /**
   * `work` (default): the durable quorum queue `<service>.<purpose>` shared by all replicas, with
   * retry tiers and a dead-letter queue. `replica`: an exclusive auto-delete queue per process for
   * events every replica must see; a failing handler there is logged and the message dropped.
   */
  mode?: 'work' | 'replica';
  /** Routing keys (topic patterns) bound to the queue. */
  routingKeys: readonly string[];
  handler: MessageHandler<T>;
  /** Validates `data`; a message failing it (or the envelope schema) is dead-lettered at once. */
  dataSchema?: DataSchema<T>;
  /** Unacked deliveries at a time, i.e. handler concurrency (default 20). */
  prefetch?: number;
  retry?: RetryPolicyOptions;
  /** Broker-side `x-delivery-limit` safety net (default 20). */
  deliveryLimit?: number;
  /** How long `stop()` waits for in-flight handlers (default 30 s). */
  drainTimeoutMs?: number;
}

/** Shared pieces a consumer runs on. */
export interface MessageConsumerDependencies {
  connection: BrokerConnection;
  /** Republishes to retry tiers and `.dead` with confirms. */
  publisher: MessagePublisher;
  names: TopologyNames;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
}

/**
 * Consumes one queue with manual acks: a message is acked only after its handler resolved, or
 * after it was durably moved (confirmed publish) to a retry tier or the dead-letter queue.
 */
export class MessageConsumer<T = unknown> {
  /** The queue consumed. */
  readonly queue: string;
  private readonly supervisor: SupervisedChannel<Channel>;
  private readonly retryPolicy: RetryPolicy;
  private readonly logger: MessagingLogger;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly mode: 'work' | 'replica';
  private consumerTag?: string;
  private acks?: AckBatcher;
  private stopping = false;

  constructor(
    private readonly deps: MessageConsumerDependencies,
    private readonly options: MessageConsumerOptions<T>,
  ) {
    this.mode = options.mode ?? 'work';
    this.logger = deps.logger ?? stderrMessagingLogger;
    this.retryPolicy = normalizeRetryPolicy(options.retry);
    this.queue = this.mode === 'work' ? deps.names.workQueue(options.service, options.purpose) : deps.names.replicaQueue(options.service, options.purpose, replicaId());
    this.supervisor = new SupervisedChannel<Channel>(deps.connection, { name: `${deps.connection.name}/${this.queue}`, confirm: false, setup: (channel) => this.setup(channel) }, this.logger);
  }

  /** True while the consumer is registered with the broker. */
  get isReady(): boolean {
    return this.supervisor.current !== undefined && !this.stopping;
  }

  /** True once `stop()` was called. */
  get isStopped(): boolean {
    return this.stopping;
  }

  /** Handlers running right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Cancels the consumer, waits for in-flight handlers (graceful drain), then closes the channel. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const channel = this.supervisor.current;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.drainTimeoutMs ?? 30_000)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) this.logger.warn('consumer stopped with handlers still running', { queue: this.queue, inFlight: this.inFlight.size });
    this.flushAcks(this.acks);
    await this.supervisor.stop();
  }

  private async setup(channel: Channel): Promise<void> {
    const exchange = this.deps.names.exchange;
    if (this.mode === 'work') {
      await declareWorkQueue(channel, { exchange, queue: this.queue, routingKeys: this.options.routingKeys, retryDelaysMs: retryTierDelays(this.retryPolicy), deliveryLimit: this.options.deliveryLimit });
    } else {
      await declareReplicaQueue(channel, { exchange, queue: this.queue, routingKeys: this.options.routingKeys });
    }
    await channel.prefetch(this.options.prefetch ?? 20);
    const acks = new AckBatcher(channel, (flush) => void setImmediate(() => this.flushAcks(acks, flush)));
    const { consumerTag } = await channel.consume(this.queue, (message) => this.onDelivery(channel, acks, message), { noAck: false });
    this.consumerTag = consumerTag;
    this.acks = acks;
  }

  private onDelivery(channel: Channel, acks: AckBatcher, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled us (queue deleted or failed over): a new channel re-declares and resumes.
      this.logger.warn('consumer cancelled by the broker; re-subscribing', { queue: this.queue });
      void channel.close().catch(() => undefined);
      return;
    }
    acks.track(message);
    if (this.stopping) {
      this.settle(acks, message, 'requeue');
      return;
    }
    const work: Promise<void> = this.process(acks, message).then(
      () => void this.inFlight.delete(work),
      (error: unknown) => {
        this.inFlight.delete(work);
        this.logger.error('unexpected failure handling a delivery; it stays unacked until the channel closes', { queue: this.queue, error: describeError(error) });
      },
    );
    this.inFlight.add(work);
  }

  private async process(acks: AckBatcher, message: ConsumeMessage): Promise<void> {
    const headers: MessageHeaders = message.properties.headers ?? {};
    const origin: MessageOrigin = {
      exchange: typeof headers[HeraldHeader.originalExchange] === 'string' ? (headers[HeraldHeader.originalExchange] as string) : message.fields.exchange,
      routingKey: originalRoutingKey(headers, message.fields.routingKey),
    };
    const failedBefore = readAttempt(headers);
    const decoded = decodeEnvelope(message.content, this.options.dataSchema);
    if (!decoded.ok) {
      await this.moveAway(acks, message, origin, failedBefore, { kind: 'dead', reason: decoded.reason, metric: 'invalid' });
      return;
    }
    try {
      await this.options.handler(decoded.envelope, { queue: this.queue, routingKey: origin.routingKey, attempt: failedBefore + 1, redelivered: message.fields.redelivered, headers });
    } catch (error) {
      await this.handleFailure(acks, message, origin, failedBefore + 1, describeError(error));
      return;
    }
    this.settle(acks, message, 'ack');
  }

  private async handleFailure(acks: AckBatcher, message: ConsumeMessage, origin: MessageOrigin, failedAttempts: number, error: string): Promise<void> {
    if (this.mode === 'replica') {
      this.logger.warn('replica handler failed; message dropped', { queue: this.queue, messageId: message.properties.messageId, error });
      this.settle(acks, message, 'drop');
      return;
    }
    const decision = decideAfterFailure(this.retryPolicy, failedAttempts);
    if (decision.action === 'retry') {
      await this.moveAway(acks, message, origin, failedAttempts, { kind: 'retry', delayMs: decision.delayMs, error });
    } else {
      await this.moveAway(acks, message, origin, failedAttempts, { kind: 'dead', reason: `handler-failed after ${failedAttempts} attempt(s): ${error}`, metric: 'exhausted' });
    }
  }

  /** Republishes (confirmed) to a retry tier or `.dead`, then acks; requeues if that fails. */
  private async moveAway(
    acks: AckBatcher,
    message: ConsumeMessage,
    origin: MessageOrigin,
    failedAttempts: number,
    target: { kind: 'retry'; delayMs: number; error: string } | { kind: 'dead'; reason: string; metric: 'invalid' | 'exhausted' },
  ): Promise<void> {
    if (this.mode === 'replica') {
      this.logger.warn('invalid message on replica queue dropped', { queue: this.queue, messageId: message.properties.messageId });
      this.settle(acks, message, 'drop');
      return;
    }
    const headers = target.kind === 'retry' ? buildRetryHeaders(message.properties.headers, origin, failedAttempts, target.error) : buildDeadLetterHeaders(message.properties.headers, origin, failedAttempts, target.reason, new Date());
    const queue = target.kind === 'retry' ? retryQueueName(this.queue, target.delayMs) : deadLetterQueueName(this.queue);
    try {
      await this.deps.publisher.publishRaw('', queue, message.content, republishProperties(message, headers));
    } catch (error) {
      this.logger.error('could not move message; requeueing it', { queue: this.queue, target: queue, messageId: message.properties.messageId, error: describeError(error) });
      this.settle(acks, message, 'requeue');
      return;
    }
    if (target.kind === 'retry') {
      this.deps.metrics?.retried.inc({ queue: this.queue });
    } else {
      this.deps.metrics?.deadLettered.inc({ queue: this.queue, reason: target.metric });
      this.logger.warn('message dead-lettered', { queue: this.queue, messageId: message.properties.messageId, type: message.properties.type, reason: target.reason });
    }
    this.settle(acks, message, target.kind === 'retry' ? 'retried' : 'dead-lettered');
  }

  private settle(acks: AckBatcher, message: ConsumeMessage, outcome: 'ack' | 'retried' | 'dead-lettered' | 'drop' | 'requeue'): void {
    try {
      if (outcome === 'requeue') acks.nack(message, true);
      else acks.ack(message);
      this.deps.metrics?.consumed.inc({ queue: this.queue, outcome: outcome === 'ack' ? 'acked' : outcome === 'drop' ? 'dropped' : outcome === 'requeue' ? 'requeued' : outcome });
    } catch (error) {
      // The channel died with the delivery; the broker will redeliver it (handlers are idempotent).
      this.logger.warn('could not settle delivery; it will be redelivered', { queue: this.queue, messageId: message.properties.messageId, error: describeError(error) });
    }
  }

  private flushAcks(acks: AckBatcher | undefined, flush: () => void = () => acks?.flush()): void {
    try {
      flush();
    } catch (error) {
      // The channel died with these acks; the broker redelivers those messages (handlers are idempotent).
      this.logger.warn('could not send acks; the deliveries will be redelivered', { queue: this.queue, error: describeError(error) });
    }
  }
}

function republishProperties(message: ConsumeMessage, headers: MessageHeaders): Options.Publish {
  const { contentType, contentEncoding, messageId, type, timestamp, correlationId, appId } = message.properties;
  return { contentType, contentEncoding, messageId, type, timestamp, correlationId, appId, persistent: true, headers };
}

function replicaId(): string {
  const host = hostname().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
