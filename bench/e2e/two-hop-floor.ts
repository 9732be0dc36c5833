// The two-hop floor, kept as a reference next to the herald-shaped floor (decision 0023) so the
// e2e figures stay comparable with reports measured before it: publish (confirmed, from the
// bench's process: no HTTP ingress) → consume + INSERT + publish (confirmed) + ack → consume +
// INSERT + ack (no status hop). Raw amqplib and pg, each hop its own process (bench/e2e/floor-hops.ts:
// durable quorum queues, persistent messages, Herald's default prefetch and pool size), tables
// floor.events and floor.inbox. Run as `node two-hop-floor.js --hop 1|2` by the bench; the rest
// of this module is the bench's side.
import { onServer } from '../support/infra';
import { type HopHandler, runHopIfAsked, startHops } from './floor-hops';

/** One floor notification as the bench publishes it. */
export interface FloorMessage {
  transactionId: string;
  subscriberId: string;
  payload: Record<string, unknown>;
}

/** The floor's queue names under a prefix, one per hop. */
function queuesOf(prefix: string): string[] {
  return [`${prefix}.floor.hop-1`, `${prefix}.floor.hop-2`];
}

/** The floor's two hop processes, its queues and its tables (in the bench system's database). */
export interface TwoHopFloor {
  readonly pids: number[];
  /** Publishes one message to the first hop and resolves on the broker's confirm. */
  publish(message: FloorMessage): Promise<void>;
  /** Stops the hops and deletes the queues (the tables go with the database). */
  stop(): Promise<void>;
}

export async function startTwoHopFloor(prefix: string, databaseUrl: string): Promise<TwoHopFloor> {
  await onServer(async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS floor`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS floor.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(
      `CREATE TABLE IF NOT EXISTS floor.inbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL UNIQUE, subscriber_id text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
  }, databaseUrl);
  const queues = queuesOf(prefix);
  const hops = await startHops(__filename, prefix, databaseUrl, queues);
  return { pids: hops.pids, publish: (message) => hops.publish(queues[0], message), stop: hops.stop };
}

const HANDLERS: HopHandler[] = [
  async (message, { pool, forward }) => {
    const { transactionId } = message as FloorMessage;
    await pool.query('INSERT INTO floor.events (transaction_id, body) VALUES ($1, $2)', [
      transactionId,
      JSON.stringify(message),
    ]);
    await forward(message);
  },
  async (message, { pool }) => {
    const { transactionId, subscriberId, payload } = message as FloorMessage;
    await pool.query(
      'INSERT INTO floor.inbox (transaction_id, subscriber_id, body) VALUES ($1, $2, $3) ON CONFLICT (transaction_id) DO NOTHING',
      [transactionId, subscriberId, JSON.stringify(payload)],
    );
  },
];

if (require.main === module) runHopIfAsked('two-hop floor', queuesOf, HANDLERS);
