import type { Channel, ConsumeMessage } from 'amqplib';
import { Envelope, rpcContractRegistry } from '@herald/contracts';
import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import { describeError, MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { DataSchema, decodeEnvelope } from '../publisher/envelope-codec';
import { declareRpcQueue } from '../topology/topology.declarer';
import { TopologyNames } from '../topology/topology-names';
import { encodeRpcReply, errorReply, RpcReply } from './rpc-reply';

/** Answers one RPC method. Throw an error with a string `code` to send that code to the caller. */
export type RpcHandler<Req, Res> = (request: Envelope<Req>) => Promise<Res>;

/** RPC server settings. */
export interface RpcServerOptions {
  /** Serves `<service>.rpc`. */
  service: string;
  names: TopologyNames;
  /** Requests handled at a time (default 20). */
  prefetch?: number;
  /** How long `stop()` waits for requests in flight (default 10 s). */
  drainTimeoutMs?: number;
  logger?: MessagingLogger;
}

interface Method {
  handler: RpcHandler<unknown, unknown>;
  schema?: DataSchema<unknown>;
}

/**
 * Serves RPC methods from the quorum queue `<service>.rpc` (competing consumers across replicas).
 * Each request gets exactly one reply (result or error) on its direct reply-to address.
 */
export class RpcServer {
  /** The queue served. */
  readonly queue: string;
  private readonly methods = new Map<string, Method>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: MessagingLogger;
  private supervisor?: SupervisedChannel<Channel>;
  private consumerTag?: string;
  private stopping = false;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly options: RpcServerOptions,
  ) {
    this.queue = options.names.rpcQueue(options.service);
    this.logger = options.logger ?? stderrMessagingLogger;
  }

  /** Registers a method (the request envelope's `type`); `schema` validates the request data. */
  handle<Req, Res>(method: string, handler: RpcHandler<Req, Res>, schema?: DataSchema<Req>): this {
    if (this.supervisor) throw new Error('register RPC methods before start()');
    this.methods.set(method, { handler: handler as RpcHandler<unknown, unknown>, schema });
    return this;
  }

  /**
   * Registers a method of `rpcContractRegistry` (how services serve each other): the request data
   * is validated with the registry's schema, and the method must be this service's — a method
   * missing from the registry, or served by the wrong service, fails here, at start-up, instead of
   * drifting from the contract its callers and the stability snapshot check (0016).
   */
  handleContract<Req, Res>(method: string, handler: RpcHandler<Req, Res>): this {
    const contract = Object.hasOwn(rpcContractRegistry, method) ? rpcContractRegistry[method] : undefined;
    if (!contract) throw new Error(`RPC method ${method} is not in rpcContractRegistry: add its contract there first`);
    if (contract.service !== this.options.service) throw new Error(`RPC method ${method} is served by ${contract.service}, not by ${this.options.service}`);
    return this.handle(method, handler, contract.request as DataSchema<Req>);
  }

  /** Declares the queue and starts serving (and keeps doing so across reconnects). */
  start(): this {
    this.supervisor ??= new SupervisedChannel<Channel>(this.connection, { name: `${this.connection.name}/${this.queue}`, confirm: false, setup: (channel) => this.setup(channel) }, this.logger);
    return this;
  }

  /** True while consuming. */
  get isReady(): boolean {
    return this.supervisor?.current !== undefined && !this.stopping;
  }

  /** True once `stop()` was called. */
  get isStopped(): boolean {
    return this.stopping;
  }

  /** Stops taking requests, answers those in flight, closes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const channel = this.supervisor?.current;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, this.options.drainTimeoutMs ?? 10_000)))]);
    clearTimeout(timer);
    await this.supervisor?.stop();
  }

  private async setup(channel: Channel): Promise<void> {
    await declareRpcQueue(channel, this.queue);
    await channel.prefetch(this.options.prefetch ?? 20);
    const { consumerTag } = await channel.consume(this.queue, (message) => this.onRequest(channel, message), { noAck: false });
    this.consumerTag = consumerTag;
  }

  private onRequest(channel: Channel, message: ConsumeMessage | null): void {
    if (!message) {
      void channel.close().catch(() => undefined);
      return;
    }
    const work = this.answer(channel, message);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async answer(channel: Channel, message: ConsumeMessage): Promise<void> {
    const reply = await this.execute(message);
    const { replyTo, correlationId } = message.properties;
    try {
      if (typeof replyTo === 'string' && replyTo) channel.publish('', replyTo, encodeRpcReply(reply), { correlationId, contentType: 'application/json' });
      channel.ack(message);
    } catch (error) {
      this.logger.warn('could not answer RPC request; the channel closed', { queue: this.queue, error: describeError(error) });
    }
  }

  private async execute(message: ConsumeMessage): Promise<RpcReply> {
    const type = String(message.properties.type ?? '');
    const method = this.methods.get(type);
    if (!method) return { ok: false, error: { code: 'unknown_method', message: `no RPC method ${type || '(none)'} on ${this.queue}` } };
    const decoded = decodeEnvelope(message.content, method.schema);
    if (!decoded.ok) return { ok: false, error: { code: 'invalid_request', message: decoded.reason } };
    try {
      return { ok: true, data: await method.handler(decoded.envelope) };
    } catch (error) {
      return errorReply(error);
    }
  }
}
