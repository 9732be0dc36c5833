import { Envelope, RPC_ERRORS, rpcContractRegistry } from '@herald/contracts';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { z, ZodTypeAny } from 'zod';

import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import { describeError, MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { DataSchema, decodeEnvelope } from '../publisher/envelope-codec';
import { declareRpcQueue } from '../topology/topology.declarer';
import { TopologyNames } from '../topology/topology-names';
import { encodeRpcReply, errorReply, RpcReply } from './rpc-reply';

/** RPC methods a server can serve: method name → serving service, request and response data schemas. */
export type RpcContracts = Readonly<Record<string, RpcServedContract>>;

/** One method as a server sees it: who serves it, and its request and response data schemas. */
export interface RpcServedContract {
  service: string;
  request: ZodTypeAny;
  response: ZodTypeAny;
}

/** The contracts servers use unless told otherwise: every method between Herald's services. */
export type RegistryRpcContracts = typeof rpcContractRegistry;

/**
 * Answers one RPC method: gets the validated request data (and its envelope, for the environment)
 * and resolves with the reply data. Throw an `RpcError` to answer with its code (anything else
 * reaches the caller as `internal_error`).
 */
export type RpcMethodHandler<C extends RpcServedContract> = (
  data: z.output<C['request']>,
  request: Envelope<z.output<C['request']>>,
) => Promise<z.input<C['response']>>;

/** RPC server settings. */
export interface RpcServerOptions<C extends RpcContracts = RegistryRpcContracts> {
  /** Serves `<service>.rpc`. */
  service: string;
  names: TopologyNames;
  /** The methods it may serve (default `rpcContractRegistry`; the messaging lib's tests bring their own). */
  contracts?: C;
  /** Requests handled at a time (default 20). */
  prefetch?: number;
  /** How long `stop()` waits for requests in flight (default 10 s). */
  drainTimeoutMs?: number;
  logger?: MessagingLogger;
}

interface Method {
  handler: (data: unknown, request: Envelope<unknown>) => Promise<unknown>;
  schema: DataSchema<unknown>;
}

/**
 * Serves RPC methods from the quorum queue `<service>.rpc` (competing consumers across replicas).
 * Each request gets exactly one reply (result or error) on its direct reply-to address.
 */
export class RpcServer<C extends RpcContracts = RegistryRpcContracts> {
  /** The queue served. */
  readonly queue: string;
  private readonly contracts: RpcContracts;
  private readonly methods = new Map<string, Method>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: MessagingLogger;
  private supervisor?: SupervisedChannel<Channel>;
  private consumerTag?: string;
  private stopping = false;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly options: RpcServerOptions<C>,
  ) {
    this.queue = options.names.rpcQueue(options.service);
    this.contracts = options.contracts ?? rpcContractRegistry;
    this.logger = options.logger ?? stderrMessagingLogger;
  }

  /**
   * Serves `method`, the one way to register one: the handler's request and reply types come from
   * the method's contract, the request data is validated with its schema (and must name the
   * request's environment, see `decodeEnvelope`), and the method must be this service's — a
   * method missing from the contracts, or served by another service, fails here, at start-up,
   * instead of drifting from the contract its callers and the stability snapshot check (0016).
   */
  serve<M extends keyof C & string>(method: M, handler: RpcMethodHandler<C[M]>): this {
    if (this.supervisor) throw new Error('register RPC methods before start()');
    const contract = Object.hasOwn(this.contracts, method) ? this.contracts[method] : undefined;
    if (!contract) {
      throw new Error(`RPC method ${method} is not in the RPC contracts: add it to rpcContractRegistry first`);
    }
    if (contract.service !== this.options.service) {
      throw new Error(`RPC method ${method} is served by ${contract.service}, not by ${this.options.service}`);
    }
    const schema = contract.request as DataSchema<unknown>;
    this.methods.set(method, { handler: handler as Method['handler'], schema });
    return this;
  }

  /** Declares the queue and starts serving (and keeps doing so across reconnects). */
  start(): this {
    this.supervisor ??= new SupervisedChannel<Channel>(
      this.connection,
      { name: `${this.connection.name}/${this.queue}`, confirm: false, setup: (channel) => this.setup(channel) },
      this.logger,
    );
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
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, this.options.drainTimeoutMs ?? 10_000))),
    ]);
    clearTimeout(timer);
    await this.supervisor?.stop();
  }

  private async setup(channel: Channel): Promise<void> {
    await declareRpcQueue(channel, this.queue);
    await channel.prefetch(this.options.prefetch ?? 20);
    const { consumerTag } = await channel.consume(this.queue, (message) => this.onRequest(channel, message), {
      noAck: false,
    });
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
      if (typeof replyTo === 'string' && replyTo)
        channel.publish('', replyTo, encodeRpcReply(reply), { correlationId, contentType: 'application/json' });
      channel.ack(message);
    } catch (error) {
      this.logger.warn('could not answer RPC request; the channel closed', {
        queue: this.queue,
        error: describeError(error),
      });
    }
  }

  private async execute(message: ConsumeMessage): Promise<RpcReply> {
    const type = String(message.properties.type ?? '');
    const method = this.methods.get(type);
    if (!method) {
      const message = `no RPC method ${type || '(none)'} on ${this.queue}`;
      return { ok: false, error: { code: RPC_ERRORS.unknownMethod, message } };
    }
    const decoded = decodeEnvelope(message.content, method.schema);
    if (!decoded.ok) {
      const { reason: message, fieldErrors } = decoded;
      const code = RPC_ERRORS.invalidRequest;
      return { ok: false, error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
    }
    try {
      return { ok: true, data: await method.handler(decoded.envelope.data, decoded.envelope) };
    } catch (error) {
      return errorReply(error);
    }
  }
}
