import { integrationSendTestMethod, type TestableChannel } from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { RUNNER_CHANNELS } from '../runner-config';
import { SendTestUseCase } from './send-test.usecase';

/** Injection token of the channel a {@link SendTestRpcServer} serves. */
export const SEND_TEST_CHANNEL = Symbol('SEND_TEST_CHANNEL');

/**
 * Serves `integration.send-test.<channel>.v1` on `<runner>.rpc` (the console's "send test"). Only
 * in runners that deliver through provider accounts (not in-app). The request is validated by the
 * contract and scoped to the envelope's environment by the RPC server.
 */
@Injectable()
export class SendTestRpcServer implements OnApplicationBootstrap {
  constructor(
    @Inject(Messaging) private readonly messaging: Messaging,
    @Inject(SendTestUseCase) private readonly sendTest: SendTestUseCase,
    @Inject(SEND_TEST_CHANNEL) private readonly channel: TestableChannel,
  ) {}

  onApplicationBootstrap(): void {
    this.messaging
      .rpcServer({ service: RUNNER_CHANNELS[this.channel].app })
      .serve(integrationSendTestMethod(this.channel), (request) => this.sendTest.execute(request))
      .start();
  }
}
