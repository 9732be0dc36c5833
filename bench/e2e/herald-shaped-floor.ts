// The e2e floor (decision 0023): Herald's hops with bare code, each its own process as Herald's
// services are, so the floor does the work the Herald side is measured on and nothing more:
// 1. ingress (bench/support/floor-ingress.ts, the same one bench:gateway's floor is): bare
//    node:http, keep-alive; parse the JSON body, Redis SET NX PX, confirmed persistent publish to
//    hop 1's queue, 201 — where Herald has the gateway;
// 2. hop 1: consume, INSERT the job (status 'queued'), confirmed publish to hop 2, ack — trigger-worker;
// 3. hop 2: consume, INSERT the inbox row, confirmed publish of a status message to hop 3, ack — runner-in-app;
// 4. hop 3: consume, UPDATE the job to 'completed', ack — trigger-worker taking the status event.
// A notification is done when its inbox row exists and its job is completed, as Herald's is.
// Raw amqplib, pg and redis; durable quorum queues, persistent messages, Herald's default
// prefetch and pool size (bench/e2e/floor-hops.ts); tables floor_shaped.jobs and floor_shaped.inbox.
// Run as `node herald-shaped-floor.js --hop 1|2|3` by the bench; the rest is the bench's side.
import { startFloorIngress } from '../support/floor-ingress';
import { onServer } from '../support/infra';
import { type HopHandler, runHopIfAsked, startHops } from './floor-hops';

/** The trigger as the ingress publishes it: the request body in an envelope. */
interface TriggerEnvelope {
  data: { to: string; transactionId: string; payload: Record<string, unknown> };
}

interface DispatchMessage {
  transactionId: string;
  subscriberId: string;
  payload: Record<string, unknown>;
}

interface StatusMessage {
  transactionId: string;
  status: 'completed';
}

/** The floor's queue names under a prefix, one per hop. */
function queuesOf(prefix: string): string[] {
  return [1, 2, 3].map((hop) => `${prefix}.floor-shaped.hop-${hop}`);
}

/** The floor's processes (ingress and three hops), its queues and its tables (in the bench system's database). */
export interface HeraldShapedFloor {
  /** Where the ingress listens: `POST <url>/v1/events/trigger` (any path) takes a trigger. */
  readonly url: string;
  /** Each process's id by name, for the CPU figures. */
  readonly pids: Record<string, number>;
  /** Stops the ingress and the hops and deletes the queues (the tables go with the database). */
  stop(): Promise<void>;
}

export async function startHeraldShapedFloor(prefix: string, databaseUrl: string): Promise<HeraldShapedFloor> {
  await onServer(async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS floor_shaped`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS floor_shaped.jobs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL UNIQUE, subscriber_id text NOT NULL, status text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(
      `CREATE TABLE IF NOT EXISTS floor_shaped.inbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, transaction_id text NOT NULL UNIQUE, subscriber_id text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
  }, databaseUrl);
  const queues = queuesOf(prefix);
  const hops = await startHops(__filename, prefix, databaseUrl, queues);
  const ingress = await startFloorIngress({ exchange: '', routingKey: queues[0] }).catch(async (error: unknown) => {
    await hops.stop();
    throw error;
  });
  return {
    url: ingress.url,
    pids: {
      'floor ingress': ingress.pid,
      ...Object.fromEntries(hops.pids.map((pid, index) => [`floor hop ${index + 1}`, pid])),
    },
    async stop() {
      await ingress.stop();
      await hops.stop();
    },
  };
}

const HANDLERS: HopHandler[] = [
  async (message, { pool, forward }) => {
    const { to, transactionId, payload } = (message as TriggerEnvelope).data;
    await pool.query(
      `INSERT INTO floor_shaped.jobs (transaction_id, subscriber_id, status, payload) VALUES ($1, $2, 'queued', $3) ON CONFLICT (transaction_id) DO NOTHING`,
      [transactionId, to, JSON.stringify(payload)],
    );
    await forward({ transactionId, subscriberId: to, payload } satisfies DispatchMessage);
  },
  async (message, { pool, forward }) => {
    const { transactionId, subscriberId, payload } = message as DispatchMessage;
    await pool.query(
      'INSERT INTO floor_shaped.inbox (transaction_id, subscriber_id, body) VALUES ($1, $2, $3) ON CONFLICT (transaction_id) DO NOTHING',
      [transactionId, subscriberId, JSON.stringify(payload)],
    );
    await forward({ transactionId, status: 'completed' } satisfies StatusMessage);
  },
  async (message, { pool }) => {
    const { transactionId, status } = message as StatusMessage;
    await pool.query('UPDATE floor_shaped.jobs SET status = $2, updated_at = now() WHERE transaction_id = $1', [
      transactionId,
      status,
    ]);
  },
];

if (require.main === module) runHopIfAsked('herald-shaped floor', queuesOf, HANDLERS);
