import type { Channel, ChannelModel } from 'amqplib';

import { BrokerUnavailableError } from '../errors/messaging.errors';
import { describeError, MessagingLogger } from '../logging/messaging-logger';
import { backoffDelay } from './backoff';
import { BrokerConnection } from './broker-connection';

/** What a component needs from its channel: a kind, a setup run on every new channel, a close hook. */
export interface SupervisedChannelSpec<C extends Channel> {
  /** For logs. */
  name: string;
  /** A confirm channel (publishers: `C` is then `ConfirmChannel`) or a plain one (consumers, RPC). */
  confirm: boolean;
  /** Declares topology, sets prefetch, starts consuming… Throwing makes the supervisor retry. */
  setup(channel: C): Promise<void>;
  /** Called once when a channel that finished setup closes (e.g. to fail pending work). */
  onClosed?(channel: C): void;
}

interface Waiter<C> {
  resolve(channel: C): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Keeps one channel of a component open: opens it on every new connection, runs the component's
 * setup, and re-opens it with back-off when only the channel died (e.g. a channel-level error).
 */
export class SupervisedChannel<C extends Channel> {
  private channel?: C;
  private opening = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private readonly waiters = new Set<Waiter<C>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly spec: SupervisedChannelSpec<C>,
    private readonly logger: MessagingLogger,
  ) {
    this.unsubscribe = connection.onConnected((model) => void this.open(model));
    connection.start();
  }

  /** The ready channel, if there is one right now. */
  get current(): C | undefined {
    return this.channel;
  }

  /** Resolves with the ready channel, or rejects with `BrokerUnavailableError` after `timeoutMs`. */
  waitForChannel(timeoutMs: number): Promise<C> {
    if (this.channel) return Promise.resolve(this.channel);
    if (this.stopped) return Promise.reject(new BrokerUnavailableError(`${this.spec.name} is stopped`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter<C> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(this.connection.unavailable(timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Stops re-opening and closes the channel (unacked deliveries go back to their queues). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.retryTimer);
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new BrokerUnavailableError(`${this.spec.name} is stopped`));
    }
    this.waiters.clear();
    const channel = this.channel;
    if (channel) await channel.close().catch(() => undefined);
  }

  private async open(model: ChannelModel): Promise<void> {
    if (this.stopped || this.opening || this.channel || this.connection.current() !== model) return;
    this.opening = true;
    let channel: C | undefined;
    try {
      channel = (this.spec.confirm ? await model.createConfirmChannel() : await model.createChannel()) as C;
      const opened = channel;
      // Without an 'error' listener a channel-level error would crash the process.
      opened.on('error', (error: Error) =>
        this.logger.warn('channel error', { channel: this.spec.name, error: describeError(error) }),
      );
      let ready = false;
      let closed = false;
      opened.once('close', () => {
        closed = true;
        if (ready) this.handleClose(opened);
      });
      await this.spec.setup(opened);
      if (closed) throw new Error('channel closed during setup');
      if (this.stopped) {
        await opened.close().catch(() => undefined);
        return;
      }
      ready = true;
      this.attempt = 0;
      this.channel = opened;
      for (const waiter of this.waiters) {
        clearTimeout(waiter.timer);
        waiter.resolve(opened);
      }
      this.waiters.clear();
    } catch (error) {
      this.logger.warn('channel setup failed; retrying', { channel: this.spec.name, error: describeError(error) });
      if (channel) await channel.close().catch(() => undefined);
      this.scheduleReopen();
    } finally {
      this.opening = false;
    }
  }

  private handleClose(channel: C): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    this.spec.onClosed?.(channel);
    this.scheduleReopen();
  }

  private scheduleReopen(): void {
    if (this.stopped) return;
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    // Re-open on whatever connection is current then; with none, the next `onConnected` does it.
    this.retryTimer = setTimeout(() => {
      const model = this.connection.current();
      if (model) void this.open(model);
    }, backoffDelay(this.attempt));
  }
}
