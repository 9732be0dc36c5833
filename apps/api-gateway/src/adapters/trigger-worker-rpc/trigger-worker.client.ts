import {
  type RpcRequestInput,
  type TriggerWorkerRpcInput,
  type TriggerWorkerRpcMethod,
  type TriggerWorkerRpcResponse,
} from '@herald/contracts';
import { RpcClient } from '@herald/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { TRIGGER_WORKER_HTTP_ERRORS } from '../rpc/rpc-http-errors';
import { ServiceRpcClient } from '../rpc/service-rpc.client';

/** A method's request data without the environment, which the client adds from the API key. */
export type WorkerRequest<M extends TriggerWorkerRpcMethod> = Omit<TriggerWorkerRpcInput<M>, 'environmentId'>;

/**
 * trigger-worker's RPC methods as the gateway's routes call them: scoped to the caller's
 * environment, bounded by `WORKER_RPC_TIMEOUT_MS`, the reply validated against the contract, and
 * every failure already turned into the HTTP error the client should see
 * (`TRIGGER_WORKER_HTTP_ERRORS`).
 */
@Injectable()
export class TriggerWorkerClient {
  private readonly worker: ServiceRpcClient;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() rpc?: RpcClient,
  ) {
    this.worker = new ServiceRpcClient(rpc, TRIGGER_WORKER_HTTP_ERRORS, config.WORKER_RPC_TIMEOUT_MS);
  }

  call<M extends TriggerWorkerRpcMethod>(
    environmentId: string,
    method: M,
    request: WorkerRequest<M>,
  ): Promise<TriggerWorkerRpcResponse<M>> {
    return this.worker.invoke(method, environmentId, { ...request, environmentId } as RpcRequestInput<M>);
  }
  /** Like `call`, but a 404-coded answer (`*_not_found`) resolves to undefined. */
  async find<M extends TriggerWorkerRpcMethod>(
    environmentId: string,
    method: M,
    request: WorkerRequest<M>,
  ): Promise<TriggerWorkerRpcResponse<M> | undefined> {
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
