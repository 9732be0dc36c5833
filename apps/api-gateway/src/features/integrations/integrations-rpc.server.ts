import { INTEGRATIONS_LIST_FOR_RUNNER_V1, INTEGRATIONS_RPC_SERVICE } from '@herald/contracts';
import { Messaging, RpcServer } from '@herald/messaging';
import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';

import { IntegrationService } from './integration.service';

/** The gateway's RPC queue is `<prefix>api-gateway.rpc`: the service the contract registry names for its methods. */
export const GATEWAY_RPC_SERVICE = INTEGRATIONS_RPC_SERVICE;

/**
 * Serves `integrations.list-for-runner.v1` on the gateway's RPC queue when the app runs with
 * messaging. It is the gateway's only RPC method so far: a second one must be registered on this
 * same server (two servers on one queue would each answer `unknown_method` for the other's calls).
 */
@Injectable()
export class IntegrationsRpcServer implements OnApplicationBootstrap {
  private server?: RpcServer;

  constructor(
    private readonly integrations: IntegrationService,
    @Optional() private readonly messaging?: Messaging,
  ) {}

  onApplicationBootstrap(): void {
    if (this.messaging) this.start(this.messaging);
  }

  /** Starts serving on `messaging` (Messaging stops it on shutdown). */
  start(messaging: Messaging): RpcServer {
    this.server ??= messaging
      .rpcServer({ service: GATEWAY_RPC_SERVICE })
      .serve(INTEGRATIONS_LIST_FOR_RUNNER_V1, (r) => this.integrations.listForRunner(r.environmentId, r.channel))
      .start();
    return this.server;
  }
}
