import type { Channel, GetMessage } from 'amqplib';

import { BrokerConnection } from '../connection/broker-connection';
import { SupervisedChannel } from '../connection/supervised-channel';
import { describeError, MessagingLogger } from '../logging/messaging-logger';
import { declareSuspectQueue } from '../topology/topology.declarer';
import { suspectQueueName } from '../topology/topology-names';
import { ExclusiveGate } from './exclusive-gate';

/** Handles one suspect taken from the lane; resolves to false to stop draining until the next poll. */
export type SuspectHandler = (channel: Channel, message: GetMessage) => Promise<boolean>;

/** What a lane is built from. */
export interface SuspectLaneOptions {
  connection: BrokerConnection;
  workQueue: string;
  deliveryLimit?: number;
  gate: ExclusiveGate;
  pollMs: number;
  logger: MessagingLogger;
  handle: SuspectHandler;
}

/**
 * The suspect lane of a work queue, `<queue>.suspect`: deliveries whose consumer died holding them.
 * It is read with `basic.get`, one message at a time and only inside an exclusive turn of the
 * process's gate — every other handler of the process finished, none starts — so a message is
 * unacked in the lane only while it is the one thing being handled, and the lane's
 * `x-delivery-count` counts the crashes it caused alone. Drained when woken (this process moved a
 * suspect in), on every new channel, and every `pollMs` (suspects other replicas left behind).
 */
export class SuspectLane {
  /** `<queue>.suspect`. */
  readonly queue: string;
  private readonly supervisor: SupervisedChannel<Channel>;
  private readonly timer: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly options: SuspectLaneOptions) {
    this.queue = suspectQueueName(options.workQueue);
    this.supervisor = new SupervisedChannel<Channel>(
      options.connection,
      {
        name: `${options.connection.name}/${this.queue}`,
        confirm: false,
        setup: async (channel) => {
          await declareSuspectQueue(channel, options.workQueue, options.deliveryLimit);
          this.wake();
        },
      },
      options.logger,
    );
    this.timer = setInterval(() => this.wake(), options.pollMs);
    this.timer.unref();
  }

  /** True while the lane's channel is open. */
  get isReady(): boolean {
    return this.supervisor.current !== undefined;
  }

  /** Drains the lane soon (coalesced with a drain already running). */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) this.wake();
    });
  }

  /** Stops polling, waits for the suspect in hand, closes the channel (an unacked suspect goes back). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
    await this.supervisor.stop();
  }

  private async drain(): Promise<void> {
    this.again = false;
    const channel = this.supervisor.current;
    if (!channel) return;
    try {
      // A passive check first: an empty lane must not pause the process's other handlers.
      const { messageCount } = await channel.checkQueue(this.queue);
      if (messageCount === 0 || this.stopped) return;
      await this.options.gate.runExclusive(async () => {
        while (!this.stopped) {
          const message = await channel.get(this.queue, { noAck: false });
          if (message === false) return;
          if (!(await this.options.handle(channel, message))) return;
        }
      });
    } catch (error) {
      this.options.logger.warn('could not drain the suspect lane; trying again later', {
        queue: this.queue,
        error: describeError(error),
      });
    }
  }
}
