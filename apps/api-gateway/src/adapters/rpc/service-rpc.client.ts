import type { RpcMethod, RpcRequestInput, RpcResponse } from '@herald/contracts';
import type { RpcClient } from '@herald/messaging';

import { RpcHttpProfile, toHttpError } from './rpc-http-errors';

/**
 * One service's RPC methods as the gateway's routes call them: bounded by `timeoutMs`, the reply
 * validated against the method's contract, and every failure already the HTTP error the client
 * should see (`toHttpError` with the service's profile).
 */
export class ServiceRpcClient {
  constructor(
    // Undefined in a process where messaging is not wired: the gateway still boots, answering 503.
    private readonly rpc: RpcClient | undefined,
    private readonly profile: RpcHttpProfile,
    private readonly timeoutMs: number,
  ) {}

  /** Calls `method` in `environmentId`; rejects with the HTTP error for the failure. */
  async invoke<M extends RpcMethod>(
    method: M,
    environmentId: string,
    data: RpcRequestInput<M>,
  ): Promise<RpcResponse<M>> {
    if (!this.rpc)
      throw this.profile.unavailable({ kind: 'unconfigured', code: 'broker_unavailable', timeoutMs: this.timeoutMs });
    try {
      return await this.rpc.invoke(method, environmentId, data, { timeoutMs: this.timeoutMs });
    } catch (error) {
      throw toHttpError(error, this.profile, this.timeoutMs);
    }
  }
}
