import { randomUUID } from 'node:crypto';

import {
  createEnvelope,
  Envelope,
  RPC_ERRORS,
  rpcContractRegistry,
  RpcError,
  type RpcMethod,
  type RpcRequestInput,
  type RpcResponse,
} from '@herald/contracts';
import type { Channel, ConsumeMessage, Message } from 'amqplib';

import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import { BrokerUnavailableError, RpcTimeoutError, UnroutableMessageError } from '../errors/messaging.errors';
import { MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { DataSchema, encodeEnvelope } from '../publisher/envelope-codec';
import { TopologyNames } from '../topology/topology-names';
import { decodeRpcReply, DIRECT_REPLY_TO } from './rpc-reply';

/** RPC client settings. */
export interface RpcClientOptions {
  names: TopologyNames;
  /** Default time to wait for a reply (default 5 s). */
  defaultTimeoutMs?: number;
  logger?: MessagingLogger;
}

/** Per-call options. */
export interface RpcCallOptions<R> {
  timeoutMs?: number;
  /** Validates the reply's data; a mismatch rejects with `RpcError` code `invalid_reply`. */
  responseSchema?: DataSchema<R>;
}

interface PendingCall {
  method: string;
  resolve(data: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  schema?: DataSchema<unknown>;
}

/**
 * Request/response over RabbitMQ with direct reply-to: the request goes to `<service>.rpc`
 * carrying the caller's timeout as its TTL; the reply comes straight back on this channel.
 */
export class RpcClient {
  private readonly supervisor: SupervisedChannel<Channel>;
  private readonly pending = new Map<string, PendingCall>();
  private readonly defaultTimeoutMs: number;

  constructor(
    connection: BrokerConnection,
    private readonly options: RpcClientOptions,
  ) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.supervisor = new SupervisedChannel<Channel>(
      connection,
      {
        name: `${connection.name}/rpc-client`,
        confirm: false,
        setup: async (channel) => {
          channel.on('return', (message: Message) => this.onReturn(message));
          await channel.consume(DIRECT_REPLY_TO, (message) => this.onReply(message), { noAck: true });
        },
        // Replies can only come back on the channel that sent the request.
        onClosed: () => this.failAll(new BrokerUnavailableError('broker connection lost before the RPC reply arrived')),
      },
      options.logger ?? stderrMessagingLogger,
    );
  }

  /** True when the reply consumer is set up. */
  get isReady(): boolean {
    return this.supervisor.current !== undefined;
  }

  /**
   * Calls `service` with `request` (its `type` names the method) and resolves with the reply's
   * data. Rejects with the server's `RpcError` (code, message, field errors, and the method),
   * `RpcTimeoutError`, `UnroutableMessageError` (no such RPC queue) or `BrokerUnavailableError`.
   */
  async call<R = unknown>(service: string, request: Envelope<unknown>, options: RpcCallOptions<R> = {}): Promise<R> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const started = Date.now();
    const channel = this.supervisor.current ?? (await this.supervisor.waitForChannel(timeoutMs));
    const remainingMs = Math.max(1, timeoutMs - (Date.now() - started));
    const queue = this.options.names.rpcQueue(service);
    const correlationId = randomUUID();
    const { content, properties } = encodeEnvelope(request);
    return new Promise<R>((resolve, reject) => {
      const call: PendingCall = {
        method: request.type,
        resolve: (data) => resolve(data as R),
        reject,
        schema: options.responseSchema,
        timer: setTimeout(() => {
          this.pending.delete(correlationId);
          reject(new RpcTimeoutError(queue, request.type, timeoutMs));
        }, remainingMs),
      };
      this.pending.set(correlationId, call);
      try {
        // The TTL drops a request nobody picked up before the caller gave up on it.
        channel.publish('', queue, content, {
          ...properties,
          persistent: false,
          correlationId,
          replyTo: DIRECT_REPLY_TO,
          expiration: String(remainingMs),
          mandatory: true,
        });
      } catch (error) {
        this.settle(correlationId, () =>
          reject(new BrokerUnavailableError(`cannot send RPC ${request.type}: channel closed`, { cause: error })),
        );
      }
    });
  }

  /**
   * Calls a method of `rpcContractRegistry`, the typed way: the envelope (of `environmentId`) and the
   * serving service come from the method, the reply is validated with the method's response schema.
   * Rejects as `call` does.
   */
  invoke<M extends RpcMethod>(
    method: M,
    environmentId: string,
    data: RpcRequestInput<M>,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcResponse<M>> {
    const contract = rpcContractRegistry[method];
    const responseSchema = contract.response as unknown as DataSchema<RpcResponse<M>>;
    return this.call(contract.service, createEnvelope(method, environmentId, data), { ...options, responseSchema });
  }

  /** Fails calls still waiting and closes the channel. */
  async stop(): Promise<void> {
    this.failAll(new BrokerUnavailableError('RPC client stopped'));
    await this.supervisor.stop();
  }

  private onReply(message: ConsumeMessage | null): void {
    const id = message?.properties.correlationId as string | undefined;
    const call = id ? this.pending.get(id) : undefined;
    if (!message || !id || !call) return; // a late reply to a call that already timed out
    const reply = decodeRpcReply(message.content);
    const { method } = call;
    if ('invalid' in reply) {
      return this.settle(id, () => call.reject(new RpcError(RPC_ERRORS.invalidReply, reply.invalid, { method })));
    }
    if (!reply.ok) {
      const { code, message: text, fieldErrors } = reply.error;
      return this.settle(id, () => call.reject(new RpcError(code, text, { fieldErrors, method })));
    }
    if (!call.schema) return this.settle(id, () => call.resolve(reply.data));
    const parsed = call.schema.safeParse(reply.data);
    if (parsed.success) return this.settle(id, () => call.resolve(parsed.data));
    this.settle(id, () => call.reject(new RpcError(RPC_ERRORS.invalidReply, parsed.error.message, { method })));
  }

  private onReturn(message: Message): void {
    const id = message.properties.correlationId as string | undefined;
    const call = id ? this.pending.get(id) : undefined;
    if (!id || !call) return;
    const fields = message.fields as typeof message.fields & { replyText?: string };
    this.settle(id, () =>
      call.reject(
        new UnroutableMessageError(
          '',
          message.fields.routingKey,
          `${fields.replyText ?? 'unroutable'} (no RPC server queue)`,
        ),
      ),
    );
  }

  private settle(id: string, finish: () => void): void {
    const call = this.pending.get(id);
    if (!call) return;
    clearTimeout(call.timer);
    this.pending.delete(id);
    finish();
  }

  private failAll(error: Error): void {
    for (const [id, call] of this.pending) this.settle(id, () => call.reject(error));
  }
}
