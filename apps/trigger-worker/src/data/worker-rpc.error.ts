/** Codes the worker's RPC methods answer with; the gateway maps them to HTTP (404, 409, 422). */
export type WorkerRpcErrorCode = 'subscriber_not_found' | 'subscriber_exists' | 'topic_not_found' | 'notification_not_found' | 'message_not_found' | 'invalid_request';

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
