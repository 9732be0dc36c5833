import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  createEnvelope,
  TRIGGER_WORKER_RPC,
  TRIGGER_WORKER_RPC_SERVICE,
  type TriggerWorkerRpcInput,
  type TriggerWorkerRpcMethod,
  type TriggerWorkerRpcResponse,
} from '@herald/contracts';
import { type DataSchema, RpcClient } from '@herald/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { toWorkerRpcHttpError, workerUnavailable } from './worker-rpc-error.mapper';

/** A method's request data without the environment, which the client adds from the API key. */
export type WorkerRequest<M extends TriggerWorkerRpcMethod> = Omit<TriggerWorkerRpcInput<M>, 'environmentId'>;

/**
 * trigger-worker's RPC methods as the gateway's routes call them: scoped to the caller's
 * environment, bounded by `WORKER_RPC_TIMEOUT_MS`, the reply validated against the contract, and
 * every failure already turned into the HTTP error the client should see (see
 * `toWorkerRpcHttpError`).
 */
@Injectable()
export class TriggerWorkerClient {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() private readonly rpc?: RpcClient,
  ) {}

  async call<M extends TriggerWorkerRpcMethod>(environmentId: string, method: M, request: WorkerRequest<M>): Promise<TriggerWorkerRpcResponse<M>> {
    if (!this.rpc) throw workerUnavailable('no broker connection is configured');
    const timeoutMs = this.config.WORKER_RPC_TIMEOUT_MS;
    const responseSchema = TRIGGER_WORKER_RPC[method].response as unknown as DataSchema<TriggerWorkerRpcResponse<M>>;
    try {
      return await this.rpc.call(TRIGGER_WORKER_RPC_SERVICE, createEnvelope(method, environmentId, { ...request, environmentId }), { timeoutMs, responseSchema });
    } catch (error) {
      throw toWorkerRpcHttpError(error, timeoutMs);
    }
  }

  /** Like `call`, but a 404-coded answer (`*_not_found`) resolves to undefined. */
  async find<M extends TriggerWorkerRpcMethod>(environmentId: string, method: M, request: WorkerRequest<M>): Promise<TriggerWorkerRpcResponse<M> | undefined> {
    try {
      return await this.call(environmentId, method, request);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof GatewayException && error.status === 404;
}
