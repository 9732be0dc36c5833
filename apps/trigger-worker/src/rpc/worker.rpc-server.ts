import { Injectable } from '@nestjs/common';
import type { Envelope } from '@herald/contracts';
import { Messaging, type RpcServer } from '@herald/messaging';
import { CancelRpc, TRIGGER_CANCEL_V1, triggerCancelRequestSchema, type TriggerCancelRequest } from '../cancel/cancel.rpc';

/** The worker's RPC server on `trigger-worker.rpc`, with every method it serves. */
@Injectable()
export class WorkerRpcServer {
  constructor(
    private readonly messaging: Messaging,
    private readonly cancel: CancelRpc,
  ) {}

  start(): RpcServer {
    return this.messaging
      .rpcServer({ service: 'trigger-worker' })
      .handle(TRIGGER_CANCEL_V1, (request: Envelope<TriggerCancelRequest>) => this.cancel.handle(sameEnvironment(request)), triggerCancelRequestSchema)
      .start();
  }
}

/** Every request names its environment twice (envelope and data); they must agree. */
function sameEnvironment<T extends { environmentId: string }>(request: Envelope<T>): T {
  if (request.data.environmentId !== request.environmentId) throw Object.assign(new Error('data.environmentId does not match the envelope'), { code: 'invalid_request' });
  return request.data;
}
