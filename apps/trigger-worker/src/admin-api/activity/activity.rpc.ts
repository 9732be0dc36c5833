import { Injectable } from '@nestjs/common';
import { NOTIFICATIONS_RPC, type Envelope, type TriggerWorkerRpcRequest } from '@herald/contracts';
import type { RpcServer } from '@herald/messaging';
import { assertSameEnvironment } from '../../platform/rpc/worker-rpc.error';
import { ActivityQuery } from './activity.query';

type Req<M extends keyof typeof NOTIFICATIONS_RPC> = TriggerWorkerRpcRequest<M>;

/** `GET /v1/notifications` and `GET /v1/notifications/:id`, over RPC. */
@Injectable()
export class ActivityRpc {
  constructor(private readonly activity: ActivityQuery) {}

  register(server: RpcServer): void {
    server.handleContract('notifications.list.v1', (e: Envelope<Req<'notifications.list.v1'>>) => (assertSameEnvironment(e.environmentId, e.data), this.activity.list(e.data)));
    server.handleContract('notifications.get.v1', (e: Envelope<Req<'notifications.get.v1'>>) => (assertSameEnvironment(e.environmentId, e.data), this.activity.get(e.data.environmentId, e.data.notificationId)));
  }
}
