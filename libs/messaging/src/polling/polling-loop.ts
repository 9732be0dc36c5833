import type { MessagingLogger } from '../logging/messaging-logger';
import { PgNotificationListener } from '../outbox/pg-notification.listener';
import { WakeablePause } from './wakeable-pause';

/** Where a polling loop LISTENs for "there is new work" notifications. */
export interface PollingLoopListen {
  url: string;
  channel: string;
  logger: MessagingLogger;
  /** The LISTEN connection's `application_name` (the listener's default when absent). */
  applicationName?: string;
}

/** What a {@link PollingLoop} runs between its pauses, and how long it pauses. */
export interface PollingLoopOptions<T> {
  /** One pass over the work (e.g. claim and process a batch). A throw is a failed pass. */
  pass: () => Promise<T>;
  /**
   * Runs after a pass succeeded and answers how long to pause before the next one, ms (0 or less:
   * at once). A throw here is a failed pass too; the pass itself still reset the failure count.
   */
  pauseAfter: (result: T) => Promise<number>;
  /** The pause after the `failures`-th failed pass in a row, ms. */
  failureDelayMs: (failures: number) => number;
  /** Reports a failed pass; the loop carries on after `failureDelayMs`. */
  onFailure: (error: unknown) => void;
  /** Wake early on NOTIFY on this channel; without it the loop only polls. */
  listen?: PollingLoopListen;
}

/**
 * Runs passes one after another in the background (the outbox relay, the timer scheduler): after
 * each pass it pauses for as long as the owner says, cut short by a NOTIFY or `wake()`; after a
 * failed pass it pauses for the owner's back-off. `stop()` lets the pass in progress finish.
 */
export class PollingLoop<T> {
  private readonly pause = new WakeablePause();
  private listener?: PgNotificationListener;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: PollingLoopOptions<T>) {}

  /** Starts listening and polling in the background; does nothing while already running. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    const { listen } = this.options;
    if (listen) {
      this.listener = new PgNotificationListener(
        listen.url,
        listen.channel,
        () => this.pause.wake(),
        listen.logger,
        listen.applicationName,
      );
      this.listener.start();
    }
    this.running = this.run();
  }

  /** Ends the current pause now (or skips the next one, when a pass is running). */
  wake(): void {
    this.pause.wake();
  }

  /** Finishes the pass in progress, then stops listening. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.wake();
    await this.running;
    this.running = undefined;
    await this.listener?.stop();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.pause.beginPass();
      try {
        const result = await this.options.pass();
        failures = 0;
        await this.pause.sleep(await this.options.pauseAfter(result));
      } catch (error) {
        failures += 1;
        this.options.onFailure(error);
        await this.pause.sleep(this.options.failureDelayMs(failures));
      }
    }
  }
}
