import type { TriggerWorkerRpcErrorCode } from '@herald/contracts';

/** Codes the worker's RPC methods answer with (`TRIGGER_WORKER_RPC_ERRORS`); the gateway maps them to HTTP. */
export type WorkerRpcErrorCode = TriggerWorkerRpcErrorCode;

/** A domain error sent to the RPC caller with its code (the messaging lib forwards `code`). */
export class WorkerRpcError extends Error {
  constructor(
    readonly code: WorkerRpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerRpcError';
  }
}

/** Every request names its environment twice (envelope and data); they must agree. */
export function assertSameEnvironment(envelopeEnvironmentId: string, data: { environmentId: string }): void {
  if (data.environmentId !== envelopeEnvironmentId) throw new WorkerRpcError('invalid_request', 'data.environmentId does not match the envelope');
}
