import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { jobDispatchRoutingKey } from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { RUNNER_CHANNELS, RunnerChannel } from './runner-config';

/** The work queue a runner consumes: `runner-<channel>.dispatch`. */
export const DISPATCH_PURPOSE = 'dispatch';

/**
 * Declares the runner's dispatch queue, bound to `job.dispatch.<channel>.v1`, at start-up: jobs
 * the worker dispatches are kept (durable quorum queue, dead-lettering to `.dead`) from the first
 * boot on, whether or not a consumer is attached yet.
 */
@Injectable()
export class RunnerTopology implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunnerTopology.name);

  constructor(
    private readonly channel: RunnerChannel,
    @Inject(Messaging) private readonly messaging: Messaging,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = await this.messaging.declareWorkQueue({
      service: RUNNER_CHANNELS[this.channel].app,
      purpose: DISPATCH_PURPOSE,
      routingKeys: [jobDispatchRoutingKey(this.channel)],
    });
    this.logger.log(`declared ${queue}`);
  }
}
