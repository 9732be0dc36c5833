import {
  integrationSendTestMethod,
  type IntegrationSendTestRequest,
  type IntegrationSendTestResponse,
  TESTABLE_CHANNELS,
  type TestableChannel,
} from '@herald/contracts';
import { RpcClient } from '@herald/messaging';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { integrationTestHttpErrors } from '../rpc/rpc-http-errors';
import { ServiceRpcClient } from '../rpc/service-rpc.client';

/**
 * The channel runners' `integration.send-test.<channel>.v1` as the gateway calls it: bounded by
 * `INTEGRATION_TEST_RPC_TIMEOUT_MS`, the reply validated, failures already HTTP errors
 * (`integrationTestHttpErrors`).
 */
@Injectable()
export class IntegrationTestClient {
  private readonly runners: Record<TestableChannel, ServiceRpcClient>;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    // Optional so the gateway still boots (answering 503) in a process where messaging is not wired.
    @Optional() rpc?: RpcClient,
  ) {
    const client = (channel: TestableChannel) =>
      new ServiceRpcClient(rpc, integrationTestHttpErrors(channel), config.INTEGRATION_TEST_RPC_TIMEOUT_MS);
    this.runners = Object.fromEntries(TESTABLE_CHANNELS.map((channel) => [channel, client(channel)])) as Record<
      TestableChannel,
      ServiceRpcClient
    >;
  }

  send(channel: TestableChannel, request: IntegrationSendTestRequest): Promise<IntegrationSendTestResponse> {
    return this.runners[channel].invoke(integrationSendTestMethod(channel), request.environmentId, request);
  }
}
