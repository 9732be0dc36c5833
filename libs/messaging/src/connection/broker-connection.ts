import type { ChannelModel } from 'amqplib';
import * as amqp from 'amqplib';

import { BrokerUnavailableError } from '../errors/messaging.errors';
import { describeError, MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import { backoffDelay, BackoffOptions } from './backoff';
import { amqpSocketOf, coalesceWritesPerTick } from './coalesced-writes';

/** How to reach the broker and how hard to try. */
export interface BrokerConnectionOptions {
  /** `amqp://user:pass@host:port/vhost` */
  url: string;
  /** Shown by the broker (`connection_name`), e.g. `trigger-worker:consume`; tests use it to find the connection. */
  connectionName: string;
  /** AMQP heartbeat (default 10 s), so a dead peer is noticed without waiting for TCP. */
  heartbeatSeconds?: number;
  /** Give up on one TCP + AMQP handshake after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Back-off between reconnect attempts (default 100 ms doubling to 5 s). */
  reconnect?: BackoffOptions;
  /**
   * Send what one turn of the event loop writes (publishes, acks) in one `writev` instead of a
   * syscall per frame (default true; see `coalesceWritesPerTick`).
   */
  coalesceWrites?: boolean;
  logger?: MessagingLogger;
}

type ConnectedListener = (model: ChannelModel) => void;

interface Waiter {
  resolve(model: ChannelModel): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One AMQP connection that reconnects by itself, forever, with back-off. Components (publisher,
 * consumers, RPC) subscribe with `onConnected` and rebuild their channels on every new connection.
 */
export class BrokerConnection {
  private model?: ChannelModel;
  private started = false;
  private closing = false;
  private lastError?: Error;
  private sleepTimer?: NodeJS.Timeout;
  private wakeSleeper?: () => void;
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<ConnectedListener>();
  private readonly logger: MessagingLogger;
  private readonly connectUrl: string;

  constructor(private readonly options: BrokerConnectionOptions) {
    this.logger = options.logger ?? stderrMessagingLogger;
    this.connectUrl = withHeartbeat(options.url, options.heartbeatSeconds ?? 10);
  }

  /** The connection's name as the broker shows it. */
  get name(): string {
    return this.options.connectionName;
  }

  /** True while an AMQP connection is open. */
  get isConnected(): boolean {
    return this.model !== undefined;
  }

  /** The open amqplib connection, if any (for components and diagnostics; do not close it). */
  current(): ChannelModel | undefined {
    return this.model;
  }

  /** Starts connecting in the background (idempotent). Failures are retried with back-off. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connectLoop();
  }

  /** Calls `listener` with every new connection (and at once if one is open). Returns an unsubscribe. */
  onConnected(listener: ConnectedListener): () => void {
    this.listeners.add(listener);
    if (this.model) this.notify(listener, this.model);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the open connection, or rejects with `BrokerUnavailableError` after `timeoutMs`. */
  waitForConnection(timeoutMs: number): Promise<ChannelModel> {
    if (this.model) return Promise.resolve(this.model);
    if (this.closing) return Promise.reject(new BrokerUnavailableError(`connection ${this.name} is closed`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(this.unavailable(timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** The error to give callers when the broker cannot be had within `waitedMs`. */
  unavailable(waitedMs: number): BrokerUnavailableError {
    const cause = this.lastError ? `: ${describeError(this.lastError)}` : '';
    return new BrokerUnavailableError(
      `broker ${redactUrl(this.options.url)} unavailable (waited ${waitedMs} ms)${cause}`,
      { cause: this.lastError },
    );
  }

  /** Stops reconnecting and closes the connection. Stop the components that use it first. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.sleepTimer);
    this.wakeSleeper?.();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new BrokerUnavailableError(`connection ${this.name} is closed`));
    }
    this.waiters.clear();
    const model = this.model;
    this.model = undefined;
    if (model) await model.close().catch(() => undefined);
  }

  private async connectLoop(): Promise<void> {
    for (let attempt = 1; !this.closing; attempt++) {
      try {
        const model = await amqp.connect(this.connectUrl, {
          timeout: this.options.connectTimeoutMs ?? 5_000,
          clientProperties: { connection_name: this.name },
        });
        if (this.closing) {
          await model.close().catch(() => undefined);
          return;
        }
        this.adopt(model);
        return;
      } catch (error) {
        this.lastError = error instanceof Error ? error : new Error(String(error));
        // Log the first failure and then only now and then, not every 5 s forever.
        if (attempt === 1 || attempt % 20 === 0) {
          this.logger.warn('broker connection attempt failed; retrying', {
            connection: this.name,
            attempt,
            error: describeError(error),
          });
        }
        await this.sleep(backoffDelay(attempt, this.options.reconnect));
      }
    }
  }

  private adopt(model: ChannelModel): void {
    this.model = model;
    this.lastError = undefined;
    if (this.options.coalesceWrites !== false && !coalesceWritesPerTick(amqpSocketOf(model))) {
      this.logger.warn('broker socket cannot be corked; frames are written one by one', { connection: this.name });
    }
    model.on('error', (error: Error) => {
      this.lastError = error;
      this.logger.warn('broker connection error', { connection: this.name, error: describeError(error) });
    });
    model.on('blocked', (reason: string) =>
      this.logger.warn('broker blocked the connection', { connection: this.name, reason }),
    );
    model.on('close', () => {
      if (this.model !== model) return;
      this.model = undefined;
      if (this.closing) return;
      this.logger.warn('broker connection lost; reconnecting', { connection: this.name });
      void this.connectLoop();
    });
    this.logger.info('broker connected', { connection: this.name });
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(model);
    }
    this.waiters.clear();
    for (const listener of this.listeners) this.notify(listener, model);
  }

  private notify(listener: ConnectedListener, model: ChannelModel): void {
    try {
      listener(model);
    } catch (error) {
      this.logger.error('connection listener failed', { connection: this.name, error: describeError(error) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleeper = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }
}

/** The URL without credentials, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

function withHeartbeat(url: string, seconds: number): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
    return parsed.toString();
  } catch {
    return url;
  }
}
