import type { Registry } from 'prom-client';

import { BackoffOptions } from './connection/backoff';
import { BrokerConnection } from './connection/broker-connection';
import { ExclusiveGate } from './consumer/exclusive-gate';
import { MessageConsumer, MessageConsumerOptions } from './consumer/message-consumer';
import { normalizePoisonPolicy, PoisonPolicyOptions } from './consumer/poison-guard';
import { normalizeRetryPolicy, RetryPolicyOptions, retryTierDelays } from './consumer/retry-policy';
import { BrokerUnavailableError } from './errors/messaging.errors';
import { MessagingLogger, stderrMessagingLogger } from './logging/messaging-logger';
import { MessagingMetrics } from './metrics/messaging.metrics';
import { OutboxRelay, OutboxRelayOptions } from './outbox/outbox-relay';
import { MessagePublisher } from './publisher/message-publisher';
import { RpcClient } from './rpc/rpc-client';
import { RegistryRpcContracts, RpcContracts, RpcServer, RpcServerOptions } from './rpc/rpc-server';
import { declareWorkQueue } from './topology/topology.declarer';
import { TopologyNames } from './topology/topology-names';

/** Everything a service needs to talk to the broker. */
export interface MessagingOptions {
  /** `AMQP_URL`. */
  url: string;
  /** The service name, used in connection names (`<service>:publish`, `<service>:consume`). */
  serviceName: string;
  /** Topic exchange base name (default `herald`). */
  exchange?: string;
  /** Prefix for every exchange and queue name (test isolation). */
  namePrefix?: string;
  /** How long a publish/RPC waits for the broker before `BrokerUnavailableError` (default 3 s). */
  unavailableTimeoutMs?: number;
  /** How long a publish waits for its confirm (default 15 s). */
  confirmTimeoutMs?: number;
  /** Default RPC timeout (default 5 s). */
  rpcTimeoutMs?: number;
  /** Reconnect back-off. */
  reconnect?: BackoffOptions;
  logger?: MessagingLogger;
  /** When given, the lib's counters are registered here. */
  metricsRegistry?: Registry;
  /** The poison guard of every work-queue consumer (decision 0030): crash threshold, lane polling, the test hook. */
  poison?: PoisonPolicyOptions;
}

type Receiver = { stop(): Promise<void>; readonly isReady: boolean; readonly isStopped: boolean };

/**
 * The messaging runtime of one service process: a publishing connection (confirmed publisher
 * and RPC client) and, created on first use, a consuming connection for consumers and RPC
 * servers — so a broker blocking publishers never stalls acks. Framework-free; the Nest module
 * wraps it.
 */
export class Messaging {
  /** Names of the exchange and queues, prefix applied. */
  readonly names: TopologyNames;
  /** Confirmed publisher to the topic exchange. */
  readonly publisher: MessagePublisher;
  /** RPC client (direct reply-to). */
  readonly rpc: RpcClient;
  /** The counters, when a registry was given. */
  readonly metrics?: MessagingMetrics;
  private readonly publishConnection: BrokerConnection;
  private consumeConnection?: BrokerConnection;
  private readonly receivers: Receiver[] = [];
  private readonly relays: OutboxRelay[] = [];
  private readonly logger: MessagingLogger;
  // One per process: a suspect is handled while no consumer of the process handles anything else.
  private readonly gate = new ExclusiveGate();
  private stopped = false;

  constructor(private readonly options: MessagingOptions) {
    this.logger = options.logger ?? stderrMessagingLogger;
    this.names = new TopologyNames({ exchange: options.exchange, namePrefix: options.namePrefix });
    this.metrics = options.metricsRegistry ? new MessagingMetrics(options.metricsRegistry) : undefined;
    this.publishConnection = this.connection('publish');
    this.publisher = new MessagePublisher(this.publishConnection, {
      exchange: this.names.exchange,
      unavailableTimeoutMs: options.unavailableTimeoutMs,
      confirmTimeoutMs: options.confirmTimeoutMs,
      logger: this.logger,
      metrics: this.metrics,
    });
    this.rpc = new RpcClient(this.publishConnection, {
      names: this.names,
      defaultTimeoutMs: options.rpcTimeoutMs,
      logger: this.logger,
    });
    if (normalizePoisonPolicy(options.poison).testPoisonMarker) {
      const warning = 'TEST HOOK ON: a consumed message containing the test poison marker kills this process';
      this.logger.warn(`${warning} (HERALD_TEST_POISON_MARKER)`, { service: options.serviceName });
    }
  }

  /** Starts consuming a queue (declaring it first, and again after every reconnect). */
  consume<T>(options: MessageConsumerOptions<T>): MessageConsumer<T> {
    this.assertRunning();
    const consumer = new MessageConsumer<T>(
      {
        connection: this.consumingConnection(),
        publisher: this.publisher,
        names: this.names,
        logger: this.logger,
        metrics: this.metrics,
        gate: this.gate,
        poison: this.options.poison,
      },
      options,
    );
    this.receivers.push(consumer);
    return consumer;
  }

  /**
   * Declares a work queue (with its retry tiers and dead-letter queue) without consuming it, so
   * messages routed to it are kept until its consumer exists. Use the same `retry` and
   * `deliveryLimit` the consumer will use: RabbitMQ refuses a re-declaration with other arguments.
   */
  async declareWorkQueue(options: {
    service: string;
    purpose: string;
    routingKeys: readonly string[];
    retry?: RetryPolicyOptions;
    deliveryLimit?: number;
  }): Promise<string> {
    this.assertRunning();
    const queue = this.names.workQueue(options.service, options.purpose);
    const model = await this.publishConnection.waitForConnection(this.options.unavailableTimeoutMs ?? 3_000);
    const channel = await model.createChannel();
    try {
      await declareWorkQueue(channel, {
        exchange: this.names.exchange,
        queue,
        routingKeys: options.routingKeys,
        retryDelaysMs: retryTierDelays(normalizeRetryPolicy(options.retry)),
        deliveryLimit: options.deliveryLimit,
      });
    } finally {
      await channel.close();
    }
    return queue;
  }

  /** Creates an RPC server for `<service>.rpc`; register methods with `serve()`, then `start()`. */
  rpcServer<C extends RpcContracts = RegistryRpcContracts>(
    options: Omit<RpcServerOptions<C>, 'names' | 'logger'>,
  ): RpcServer<C> {
    this.assertRunning();
    const server = new RpcServer<C>(this.consumingConnection(), { ...options, names: this.names, logger: this.logger });
    this.receivers.push(server);
    return server;
  }

  /** Starts an outbox relay publishing through this publisher; `stop()` stops it first. */
  outboxRelay(options: Omit<OutboxRelayOptions, 'publisher' | 'logger'>): OutboxRelay {
    this.assertRunning();
    const relay = new OutboxRelay({ ...options, publisher: this.publisher, logger: this.logger });
    this.relays.push(relay);
    relay.start();
    return relay;
  }

  /** Resolves once the publisher is ready, or rejects with `BrokerUnavailableError` after `timeoutMs`. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady()) {
      if (Date.now() >= deadline) throw this.publishConnection.unavailable(timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ready = connected, publisher channel open, every running consumer and RPC server subscribed. */
  isReady(): boolean {
    return (
      !this.stopped &&
      this.publisher.isReady &&
      this.rpc.isReady &&
      this.receivers.every((receiver) => receiver.isReady || receiver.isStopped)
    );
  }

  /** Readiness check for health endpoints: resolves when ready, else rejects saying why. */
  async ping(): Promise<void> {
    if (this.isReady()) return;
    throw new BrokerUnavailableError(
      this.publishConnection.isConnected ? 'broker connected but not all channels are set up' : 'broker not connected',
    );
  }

  /**
   * Graceful shutdown: stop outbox relays, consumers and RPC servers (waiting for in-flight
   * work), then the publisher (waiting for outstanding confirms) and the RPC client, then the
   * connections.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all([
      ...this.relays.map((relay) => relay.stop()),
      ...this.receivers.map((receiver) => receiver.stop()),
    ]);
    await this.consumeConnection?.close();
    await this.rpc.stop();
    await this.publisher.stop();
    await this.publishConnection.close();
  }

  private consumingConnection(): BrokerConnection {
    this.consumeConnection ??= this.connection('consume');
    return this.consumeConnection;
  }

  private connection(role: 'publish' | 'consume'): BrokerConnection {
    return new BrokerConnection({
      url: this.options.url,
      connectionName: `${this.options.serviceName}:${role}`,
      reconnect: this.options.reconnect,
      logger: this.logger,
    });
  }

  private assertRunning(): void {
    if (this.stopped) throw new Error('messaging is stopped');
  }
}
