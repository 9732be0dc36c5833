import amqp from 'amqplib';
import { Client } from 'pg';

import type { RawResponse } from './raw-http';
import type { RouteSpec } from './route-coverage';

interface TriggerOutcome {
  status?: string;
  transactionId?: string;
}

/**
 * What the gateway acknowledged as queued: one entry per `status: "processed"` in a 2xx answer of
 * a trigger route (each bulk item counts), replays excluded. Anything the broker or the worker
 * holds beyond this came from a request that was refused, or should have been.
 */
export class AcceptedTriggers {
  /** How many `trigger.requested.v1` messages the acknowledged answers account for. */
  count = 0;
  readonly transactionIds = new Set<string>();

  record(spec: RouteSpec, response: RawResponse): void {
    if (
      !spec.publishes ||
      response.status < 200 ||
      response.status >= 300 ||
      response.headers['idempotency-replay'] === 'true'
    )
      return;
    const data = (response.json as { data?: TriggerOutcome | TriggerOutcome[] } | undefined)?.data;
    for (const outcome of Array.isArray(data) ? data : [data]) {
      if (outcome?.status !== 'processed') continue;
      this.count += 1;
      if (outcome.transactionId) this.transactionIds.add(outcome.transactionId);
    }
  }
}

/** A queue bound to the system's exchange for `trigger.requested.v1`: every trigger the gateway publishes lands here too. */
export class TriggerTap {
  readonly transactionIds: string[] = [];

  private constructor(private readonly connection: amqp.ChannelModel) {}

  static async open(amqpUrl: string, exchange: string): Promise<TriggerTap> {
    const connection = await amqp.connect(amqpUrl);
    const tap = new TriggerTap(connection);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'trigger.requested.v1');
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const envelope = JSON.parse(message.content.toString('utf8')) as { data?: { transactionId?: string } };
        tap.transactionIds.push(envelope.data?.transactionId ?? '(none)');
      },
      { noAck: true },
    );
    return tap;
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

/** The transaction ids the trigger-worker recorded, per table of what a trigger creates. */
export interface WorkerRecords {
  /** Events plus de-duplicated repeats: one per consumed trigger message. */
  consumed: number;
  events: Set<string>;
  notifications: Set<string>;
  jobs: Set<string>;
}

/** Reads what triggers created in the worker's schema. */
export async function readWorkerRecords(databaseUrl: string): Promise<WorkerRecords> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = async (table: string) =>
      new Set(
        (await client.query<{ id: string }>(`SELECT DISTINCT transaction_id AS id FROM trigger.${table}`)).rows.map(
          (row) => row.id,
        ),
      );
    const count = async (table: string) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM trigger.${table}`)).rows[0].n);
    return {
      consumed: (await count('events')) + (await count('event_duplicates')),
      events: await ids('events'),
      notifications: await ids('notifications'),
      jobs: await ids('jobs'),
    };
  } finally {
    await client.end();
  }
}
