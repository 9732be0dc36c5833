import {
  INTEGRATIONS_LIST_FOR_RUNNER_V1,
  INTEGRATIONS_LIST_FOR_RUNNER_V2,
  INTEGRATIONS_RPC_SERVICE,
} from '@herald/contracts';
import { Messaging, RpcServer } from '@herald/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { IntegrationService } from './integration.service';

/** The gateway's RPC queue is `<prefix>api-gateway.rpc`: the service the contract registry names for its methods. */
export const GATEWAY_RPC_SERVICE = INTEGRATIONS_RPC_SERVICE;

/** What decides which methods the server answers. */
export type IntegrationsRpcOptions = Pick<GatewayConfig, 'INTEGRATIONS_RPC_SERVE_CLEAR_V1'>;

/**
 * Serves `integrations.list-for-runner.v2` (credentials sealed for the runners) on the gateway's
 * RPC queue when the app runs with messaging, and `.v1` (credentials in clear) only while
 * `INTEGRATIONS_RPC_SERVE_CLEAR_V1` is on, for runners older than `.v2` during a rolling upgrade:
 * otherwise anyone who may publish to the queue could ask for clear credentials (decision 0031).
 * The gateway's only RPC methods so far: another one must be registered on this same server (two
 * servers on one queue would each answer `unknown_method` for the other's calls).
 */
@Injectable()
export class IntegrationsRpcServer implements OnApplicationBootstrap {
  private readonly logger = new Logger(IntegrationsRpcServer.name);
  private server?: RpcServer;

  constructor(
    private readonly integrations: IntegrationService,
    @Inject(GATEWAY_CONFIG) private readonly options: IntegrationsRpcOptions,
    @Optional() private readonly messaging?: Messaging,
  ) {}

  onApplicationBootstrap(): void {
    if (this.messaging) this.start(this.messaging);
  }

  /** Starts serving on `messaging` (Messaging stops it on shutdown). */
  start(messaging: Messaging): RpcServer {
    if (this.server) return this.server;
    const server = messaging
      .rpcServer({ service: GATEWAY_RPC_SERVICE })
      .serve(INTEGRATIONS_LIST_FOR_RUNNER_V2, (r) => this.integrations.listSealedForRunner(r.environmentId, r.channel));
    if (this.options.INTEGRATIONS_RPC_SERVE_CLEAR_V1) {
      this.logger.warn(
        `${INTEGRATIONS_LIST_FOR_RUNNER_V1} is served (INTEGRATIONS_RPC_SERVE_CLEAR_V1): credentials cross the broker in clear; ` +
          'turn it off once every runner calls .v2',
      );
      server.serve(INTEGRATIONS_LIST_FOR_RUNNER_V1, (r) => this.integrations.listForRunner(r.environmentId, r.channel));
    }
    this.server = server.start();
    return this.server;
  }
}
