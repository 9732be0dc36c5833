import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Envelope } from '@herald/contracts';
import { Messaging, RpcServer } from '@herald/messaging';
import { IntegrationService, RunnerIntegration } from './integration.service';
import { INTEGRATIONS_LIST_FOR_RUNNER_V1, INTEGRATIONS_RPC_SERVICE, IntegrationsListForRunnerRequest as ListForRunnerRequest } from '@herald/contracts';

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
      .handleContract(INTEGRATIONS_LIST_FOR_RUNNER_V1, (request: Envelope<ListForRunnerRequest>) => this.listForRunner(request))
      .start();
    return this.server;
  }

  private listForRunner(request: Envelope<ListForRunnerRequest>): Promise<RunnerIntegration[]> {
    // The envelope's environment is what the caller is scoped to; the data must not name another.
    if (request.data.environmentId !== request.environmentId) {
      throw Object.assign(new Error('data.environmentId does not match the envelope'), { code: 'invalid_request' });
    }
    return this.integrations.listForRunner(request.data.environmentId, request.data.channel);
  }
}
