import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { Channel, ConsumeMessage, Message, Options } from 'amqplib';

import { SupervisedChannel } from '../connection/supervised-channel';
import { describeError, MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { decodeEnvelope } from '../publisher/envelope-codec';
import { declareReplicaQueue, declareWorkQueue } from '../topology/topology.declarer';
import { deadLetterQueueName, retryQueueName, suspectQueueName } from '../topology/topology-names';
import { AckBatcher } from './ack-batcher';
import type { MessageConsumerDependencies, MessageConsumerOptions } from './consumer-options';
import { ExclusiveGate } from './exclusive-gate';
import {
  buildDeadLetterHeaders,
  buildQuarantineHeaders,
  buildRetryHeaders,
  buildSuspectHeaders,
  HeraldHeader,
  MessageHeaders,
  MessageOrigin,
  originalRoutingKey,
  readAttempt,
} from './herald-headers';
import {
  carriesTestPoisonMarker,
  isSuspect,
  judgeSuspect,
  normalizePoisonPolicy,
  PoisonPolicy,
  readDeliveryCount,
} from './poison-guard';
import { decideAfterFailure, normalizeRetryPolicy, RetryPolicy, retryTierDelays } from './retry-policy';
import { SuspectLane } from './suspect-lane';

export type {
  MessageConsumerDependencies,
  MessageConsumerOptions,
  MessageContext,
  MessageHandler,
  QuarantinedMessage,
  QuarantineHook,
} from './consumer-options';

/** How a delivery is settled on the channel it came from. */
interface Settler {
  ack(): void;
  requeue(): void;
}

type Outcome = 'ack' | 'retried' | 'dead-lettered' | 'quarantined' | 'suspected' | 'drop' | 'requeue';
type MoveTarget =
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'dead'; reason: string; metric: 'invalid' | 'exhausted' | 'quarantined' };

/**
 * Consumes one queue with manual acks: a message is acked only after its handler resolved, or
 * after it was durably moved (confirmed publish) to a retry tier or the dead-letter queue.
 * Work queues are guarded against poison (decision 0030): a redelivered message — its consumer
 * died holding it — is moved to the suspect lane and handled there alone; one that keeps killing
 * its consumer is quarantined in `.dead` with the reason.
 */
export class MessageConsumer<T = unknown> {
  /** The queue consumed. */
  readonly queue: string;
  private readonly supervisor: SupervisedChannel<Channel>;
  private readonly retryPolicy: RetryPolicy;
  private readonly logger: MessagingLogger;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly mode: 'work' | 'replica';
  private readonly poison: PoisonPolicy;
  private readonly gate: ExclusiveGate;
  private readonly lane?: SuspectLane;
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
    const quarantineAfterCrashes = options.quarantineAfterCrashes ?? deps.poison?.quarantineAfterCrashes;
    this.poison = normalizePoisonPolicy({ ...deps.poison, quarantineAfterCrashes });
    this.gate = deps.gate ?? new ExclusiveGate();
    this.queue =
      this.mode === 'work'
        ? deps.names.workQueue(options.service, options.purpose)
        : deps.names.replicaQueue(options.service, options.purpose, replicaId());
    this.supervisor = new SupervisedChannel<Channel>(
      deps.connection,
      { name: `${deps.connection.name}/${this.queue}`, confirm: false, setup: (channel) => this.setup(channel) },
      this.logger,
    );
    if (this.mode === 'work') {
      this.lane = new SuspectLane({
        connection: deps.connection,
        workQueue: this.queue,
        deliveryLimit: options.deliveryLimit,
        gate: this.gate,
        pollMs: this.poison.suspectPollMs,
        logger: this.logger,
        handle: (channel, message) => this.handleSuspect(channel, message),
      });
    }
  }

  /** True while the consumer (and its suspect lane) is registered with the broker. */
  get isReady(): boolean {
    return this.supervisor.current !== undefined && (this.lane?.isReady ?? true) && !this.stopping;
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
    const timeout = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.options.drainTimeoutMs ?? 30_000)),
    );
    const laneStopped = this.lane?.stop();
    await Promise.race([Promise.allSettled([...this.inFlight, laneStopped]), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0)
      this.logger.warn('consumer stopped with handlers still running', {
        queue: this.queue,
        inFlight: this.inFlight.size,
      });
    this.flushAcks(this.acks);
    await Promise.all([this.supervisor.stop(), laneStopped]);
  }

  private async setup(channel: Channel): Promise<void> {
    const exchange = this.deps.names.exchange;
    if (this.mode === 'work') {
      await declareWorkQueue(channel, {
        exchange,
        queue: this.queue,
        routingKeys: this.options.routingKeys,
        retryDelaysMs: retryTierDelays(this.retryPolicy),
        deliveryLimit: this.options.deliveryLimit,
      });
    } else {
      await declareReplicaQueue(channel, { exchange, queue: this.queue, routingKeys: this.options.routingKeys });
    }
    await channel.prefetch(this.options.prefetch ?? 20);
    const acks = new AckBatcher(channel, (flush) => void setImmediate(() => this.flushAcks(acks, flush)));
    const { consumerTag } = await channel.consume(this.queue, (message) => this.onDelivery(channel, acks, message), {
      noAck: false,
    });
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
    const settler: Settler = { ack: () => acks.ack(message), requeue: () => acks.nack(message, true) };
    if (this.stopping) {
      this.settle(settler, message, 'requeue');
      return;
    }
    const suspect = this.mode === 'work' && isSuspect(message.fields.redelivered, message.properties.headers);
    const handling = suspect
      ? this.moveToLane(settler, message)
      : this.gate.runShared(() => this.process(settler, message, false));
    const work: Promise<void> = handling.then(
      () => void this.inFlight.delete(work),
      (error: unknown) => {
        this.inFlight.delete(work);
        this.logger.error('unexpected failure handling a delivery; it stays unacked until the channel closes', {
          queue: this.queue,
          error: describeError(error),
        });
      },
    );
    this.inFlight.add(work);
  }

  private async process(settler: Settler, message: Message, alone: boolean): Promise<void> {
    const headers: MessageHeaders = message.properties.headers ?? {};
    const origin = originOf(message);
    const failedBefore = readAttempt(headers);
    const decoded = decodeEnvelope(message.content, this.options.dataSchema);
    if (!decoded.ok) {
      const target = { kind: 'dead', reason: decoded.reason, metric: 'invalid' } as const;
      await this.moveAway(settler, message, origin, failedBefore, target);
      return;
    }
    // The test hook (HERALD_TEST_POISON_MARKER): die as an out-of-memory crash would, holding the batch.
    if (carriesTestPoisonMarker(this.poison, message.content)) process.kill(process.pid, 'SIGKILL');
    try {
      await this.options.handler(decoded.envelope, {
        queue: this.queue,
        routingKey: origin.routingKey,
        attempt: failedBefore + 1,
        redelivered: message.fields.redelivered,
        alone,
        headers,
      });
    } catch (error) {
      await this.handleFailure(settler, message, origin, failedBefore + 1, describeError(error));
      return;
    }
    this.settle(settler, message, 'ack');
  }

  /** A redelivered message of the work queue: moved (confirmed) to the suspect lane, then acked here. */
  private async moveToLane(settler: Settler, message: ConsumeMessage): Promise<void> {
    const lane = suspectQueueName(this.queue);
    const headers = buildSuspectHeaders(message.properties.headers, originOf(message));
    try {
      await this.deps.publisher.publishRaw('', lane, message.content, republishProperties(message, headers));
    } catch (error) {
      const fields = { queue: this.queue, messageId: message.properties.messageId, error: describeError(error) };
      this.logger.error('could not move a suspect to its lane; requeueing it', fields);
      this.settle(settler, message, 'requeue');
      return;
    }
    this.settle(settler, message, 'suspected');
    this.lane?.wake();
  }

  /** One message of the suspect lane, inside the gate's exclusive turn: quarantined, or handled alone. */
  private async handleSuspect(channel: Channel, message: Message): Promise<boolean> {
    const settler: Settler = { ack: () => channel.ack(message), requeue: () => channel.nack(message, false, true) };
    const verdict = judgeSuspect(this.poison, readDeliveryCount(message.properties.headers));
    if (verdict.action === 'handle-alone') {
      await this.process(settler, message, true);
      return true;
    }
    const origin = originOf(message);
    const decoded = decodeEnvelope(message.content, this.options.dataSchema);
    try {
      await this.options.onQuarantine?.({
        envelope: decoded.ok ? decoded.envelope : undefined,
        reason: verdict.reason,
        crashes: verdict.crashes,
        queue: this.queue,
        routingKey: origin.routingKey,
      });
    } catch (error) {
      const fields = { queue: this.queue, messageId: message.properties.messageId, error: describeError(error) };
      this.logger.error('could not record a quarantined message; it stays in the suspect lane', fields);
      this.settle(settler, message, 'requeue');
      return false;
    }
    const target = { kind: 'dead', reason: verdict.reason, metric: 'quarantined' } as const;
    await this.moveAway(settler, message, origin, readAttempt(message.properties.headers), target);
    return true;
  }

  private async handleFailure(
    settler: Settler,
    message: Message,
    origin: MessageOrigin,
    failedAttempts: number,
    error: string,
  ): Promise<void> {
    if (this.mode === 'replica') {
      this.logger.warn('replica handler failed; message dropped', {
        queue: this.queue,
        messageId: message.properties.messageId,
        error,
      });
      this.settle(settler, message, 'drop');
      return;
    }
    const decision = decideAfterFailure(this.retryPolicy, failedAttempts);
    if (decision.action === 'retry') {
      const target = { kind: 'retry', delayMs: decision.delayMs, error } as const;
      await this.moveAway(settler, message, origin, failedAttempts, target);
    } else {
      const reason = `handler-failed after ${failedAttempts} attempt(s): ${error}`;
      await this.moveAway(settler, message, origin, failedAttempts, { kind: 'dead', reason, metric: 'exhausted' });
    }
  }

  /** Republishes (confirmed) to a retry tier or `.dead`, then acks; requeues if that fails. */
  private async moveAway(
    settler: Settler,
    message: Message,
    origin: MessageOrigin,
    failedAttempts: number,
    target: MoveTarget,
  ): Promise<void> {
    if (this.mode === 'replica') {
      this.logger.warn('invalid message on replica queue dropped', {
        queue: this.queue,
        messageId: message.properties.messageId,
      });
      this.settle(settler, message, 'drop');
      return;
    }
    const queue =
      target.kind === 'retry' ? retryQueueName(this.queue, target.delayMs) : deadLetterQueueName(this.queue);
    const now = new Date();
    const headers =
      target.kind === 'retry'
        ? buildRetryHeaders(message.properties.headers, origin, failedAttempts, target.error)
        : target.metric === 'quarantined'
          ? buildQuarantineHeaders(message.properties.headers, origin, target.reason, now)
          : buildDeadLetterHeaders(message.properties.headers, origin, failedAttempts, target.reason, now);
    try {
      await this.deps.publisher.publishRaw('', queue, message.content, republishProperties(message, headers));
    } catch (error) {
      this.logger.error('could not move message; requeueing it', {
        queue: this.queue,
        target: queue,
        messageId: message.properties.messageId,
        error: describeError(error),
      });
      this.settle(settler, message, 'requeue');
      return;
    }
    if (target.kind === 'retry') {
      this.deps.metrics?.retried.inc({ queue: this.queue });
    } else {
      this.deps.metrics?.deadLettered.inc({ queue: this.queue, reason: target.metric });
      const quarantined = target.metric === 'quarantined';
      const { messageId, type } = message.properties;
      const fields = { queue: this.queue, messageId, type, reason: target.reason };
      this.logger.warn(quarantined ? 'message quarantined' : 'message dead-lettered', fields);
    }
    if (target.kind === 'retry') this.settle(settler, message, 'retried');
    else this.settle(settler, message, target.metric === 'quarantined' ? 'quarantined' : 'dead-lettered');
  }

  private settle(settler: Settler, message: Message, outcome: Outcome): void {
    try {
      if (outcome === 'requeue') settler.requeue();
      else settler.ack();
      this.deps.metrics?.consumed.inc({
        queue: this.queue,
        outcome:
          outcome === 'ack' ? 'acked' : outcome === 'drop' ? 'dropped' : outcome === 'requeue' ? 'requeued' : outcome,
      });
    } catch (error) {
      // The channel died with the delivery; the broker will redeliver it (handlers are idempotent).
      this.logger.warn('could not settle delivery; it will be redelivered', {
        queue: this.queue,
        messageId: message.properties.messageId,
        error: describeError(error),
      });
    }
  }

  private flushAcks(acks: AckBatcher | undefined, flush: () => void = () => acks?.flush()): void {
    try {
      flush();
    } catch (error) {
      // The channel died with these acks; the broker redelivers those messages (handlers are idempotent).
      this.logger.warn('could not send acks; the deliveries will be redelivered', {
        queue: this.queue,
        error: describeError(error),
      });
    }
  }
}

function originOf(message: Message): MessageOrigin {
  const headers: MessageHeaders = message.properties.headers ?? {};
  const exchange = headers[HeraldHeader.originalExchange];
  return {
    exchange: typeof exchange === 'string' ? exchange : message.fields.exchange,
    routingKey: originalRoutingKey(headers, message.fields.routingKey),
  };
}

function republishProperties(message: Message, headers: MessageHeaders): Options.Publish {
  const { contentType, contentEncoding, messageId, type, timestamp, correlationId, appId } = message.properties;
  return { contentType, contentEncoding, messageId, type, timestamp, correlationId, appId, persistent: true, headers };
}

function replicaId(): string {
  const host =
    hostname()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
