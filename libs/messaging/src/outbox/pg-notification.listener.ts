import { Client } from 'pg';

import { backoffDelay } from '../connection/backoff';
import { describeError, MessagingLogger } from '../logging/messaging-logger';

/**
 * A dedicated Postgres connection that LISTENs on one channel and calls `onNotify` for each
 * notification (and once after every (re)connect); reconnects with back-off. It only speeds
 * things up: callers still poll. Used by the outbox relay and by trigger-worker's scheduler.
 */
export class PgNotificationListener {
  private client?: Client;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly logger: MessagingLogger,
    private readonly applicationName = 'herald-outbox-listener',
  ) {}

  /** Connects and starts listening (in the background). */
  start(): void {
    void this.connect();
  }

  /** Stops listening and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.connectionString, application_name: this.applicationName });
    client.on('error', (error) => {
      this.logger.warn('LISTEN connection error', { error: describeError(error) });
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.attempt = 0;
      // Anything committed while we were not listening is found by this wake-up.
      this.onNotify();
    } catch (error) {
      this.logger.warn('LISTEN connection could not connect; polling meanwhile', { error: describeError(error) });
      await client.end().catch(() => undefined);
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || (this.client !== undefined && this.client !== client)) return;
    this.client = undefined;
    clearTimeout(this.retryTimer);
    this.attempt += 1;
    this.retryTimer = setTimeout(
      () => void this.connect(),
      backoffDelay(this.attempt, { initialDelayMs: 500, maxDelayMs: 30_000 }),
    );
  }
}
