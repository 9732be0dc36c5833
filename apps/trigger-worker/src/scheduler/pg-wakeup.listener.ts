import { Logger } from '@nestjs/common';
import { Client } from 'pg';

/**
 * A dedicated connection LISTENing on one channel; each NOTIFY calls `onNotify`. It only makes
 * pollers react sooner, so a lost connection is merely retried (the poll interval still applies).
 * The messaging lib has the same for its outbox but does not export it.
 */
export class PgWakeupListener {
  private readonly logger = new Logger(PgWakeupListener.name);
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.connectionString, application_name: 'trigger-worker-scheduler-listener' });
    client.on('error', () => this.reconnect(client));
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
      this.onNotify();
    } catch (error) {
      this.logger.warn({ msg: 'scheduler listener could not connect; polling meanwhile', error: error instanceof Error ? error.message : String(error) });
      await client.end().catch(() => undefined);
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || (this.client !== undefined && this.client !== client)) return;
    this.client = undefined;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), 2_000);
  }
}
