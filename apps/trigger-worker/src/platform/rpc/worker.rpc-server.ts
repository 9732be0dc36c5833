import { TRIGGER_CANCEL_V1, TRIGGER_WORKER_RPC_SERVICE } from '@herald/contracts';
import { Messaging, type RpcServer } from '@herald/messaging';
import { Injectable } from '@nestjs/common';

import { ActivityRpc } from '../../admin-api/activity/activity.rpc';
import { AudienceRpc } from '../../admin-api/audience/audience.rpc';
import { InsightsRpc } from '../../admin-api/insights/insights.rpc';
import { MessagesRpc } from '../../admin-api/messages/messages.rpc';
import { SubscribersRpc } from '../../admin-api/subscribers/subscribers.rpc';
import { TopicsRpc } from '../../admin-api/topics/topics.rpc';
import { CancelRpc } from '../../engine/cancel/cancel.rpc';

/** The worker's RPC server on `trigger-worker.rpc`, with every method it serves. */
@Injectable()
export class WorkerRpcServer {
  constructor(
    private readonly messaging: Messaging,
    private readonly cancel: CancelRpc,
    private readonly subscribers: SubscribersRpc,
    private readonly topics: TopicsRpc,
    private readonly activity: ActivityRpc,
    private readonly messages: MessagesRpc,
    private readonly audience: AudienceRpc,
    private readonly insights: InsightsRpc,
  ) {}

  start(): RpcServer {
    const server = this.messaging.rpcServer({ service: TRIGGER_WORKER_RPC_SERVICE });
    server.serve(TRIGGER_CANCEL_V1, (request) => this.cancel.handle(request));
    for (const feature of [this.subscribers, this.topics, this.activity, this.messages, this.audience, this.insights])
      feature.register(server);
    return server.start();
  }
}
