import http from 'node:http';
import { Client } from 'pg';
import { type BenchSystem } from '../support/herald-system';
import { type TwoHopFloor } from './two-hop-floor';

const SUBSCRIBERS = 500;
const WORKFLOW = 'bench-e2e';
const WAIT_LIMIT_MS = 300_000;

/** One side of the comparison: how to send notification `i` and how to wait for their rows. */
export interface Side {
  name: string;
  pids: Record<string, number>;
  send(transactionId: string, index: number, payload: Record<string, unknown>): Promise<void>;
  /** Notes where the inbox table ends before a run, so progress is counted by a cheap range scan. */
  begin(): Promise<void>;
  /** Resolves with each transaction's row time (ms) and the time the last one was done. */
  awaitDone(transactionIds: string[]): Promise<{ rowAt: Map<string, number>; doneAt: number }>;
}

/** Herald: `POST /v1/events/trigger` (keep-alive), done when the inbox row exists and the job is COMPLETED. */
export function heraldSide(system: BenchSystem, db: Client, environmentId: string, concurrency: number): Side {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${system.apiUrl}/v1/events/trigger`);
  let startSeq = '0';
  return {
    name: 'herald',
    async begin() {
      startSeq = (await db.query<{ seq: string }>(`SELECT coalesce(max(seq), 0) AS seq FROM runner_in_app.inbox_messages`)).rows[0].seq;
    },
    pids: system.pids,
    send: (transactionId, index, payload) =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ name: WORKFLOW, to: `subscriber-${index % SUBSCRIBERS}`, payload, transactionId });
        const request = http.request(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `ApiKey ${system.apiKey}` } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`trigger answered ${response.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`))));
          },
        );
        request.on('error', reject);
        request.end(body);
      }),
    async awaitDone(ids) {
      const deadline = Date.now() + Math.max(WAIT_LIMIT_MS, ids.length * 200);
      // Polled lightly while the system works (the rows since the run began, by the seq index), exactly once they are all there.
      await pollUntil(deadline, async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM runner_in_app.inbox_messages WHERE seq > $1`, [startSeq])).rows[0].n) >= ids.length);
      for (;;) {
        const { rows } = await db.query<{ rows: string; completed: string; done_at: number | null }>(
          `SELECT (SELECT count(*) FROM runner_in_app.inbox_messages WHERE environment_id = $1 AND transaction_id = ANY($2)) AS rows,
                  count(*) FILTER (WHERE status = 'completed') AS completed,
                  extract(epoch FROM max(updated_at)) * 1000 AS done_at
             FROM trigger.jobs WHERE environment_id = $1 AND transaction_id = ANY($2)`,
          [environmentId, ids],
        );
        if (Number(rows[0].rows) >= ids.length && Number(rows[0].completed) >= ids.length) {
          const inbox = await db.query<{ transaction_id: string; at: number }>(
            `SELECT transaction_id, extract(epoch FROM created_at) * 1000 AS at FROM runner_in_app.inbox_messages WHERE environment_id = $1 AND transaction_id = ANY($2)`,
            [environmentId, ids],
          );
          const rowAt = new Map(inbox.rows.map((row) => [row.transaction_id, Number(row.at)]));
          return { rowAt, doneAt: Math.max(Number(rows[0].done_at), ...rowAt.values()) };
        }
        if (Date.now() > deadline) throw new Error(`herald: ${rows[0].rows} inbox rows and ${rows[0].completed} COMPLETED jobs of ${ids.length} by the deadline`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** The two-hop floor: a confirmed publish, done when its row is in `floor.inbox`. */
export function floorSide(floor: TwoHopFloor, db: Client): Side {
  let startId = '0';
  return {
    name: 'floor',
    pids: { 'floor hop 1': floor.pids[0], 'floor hop 2': floor.pids[1] },
    send: (transactionId, index, payload) => floor.publish({ transactionId, subscriberId: `subscriber-${index % SUBSCRIBERS}`, payload }),
    async begin() {
      startId = (await db.query<{ id: string }>(`SELECT coalesce(max(id), 0) AS id FROM floor.inbox`)).rows[0].id;
    },
    async awaitDone(ids) {
      const deadline = Date.now() + Math.max(WAIT_LIMIT_MS, ids.length * 200);
      await pollUntil(deadline, async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM floor.inbox WHERE id > $1`, [startId])).rows[0].n) >= ids.length);
      for (;;) {
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM floor.inbox WHERE transaction_id = ANY($1)`, [ids]);
        if (Number(rows[0].n) >= ids.length) {
          const inbox = await db.query<{ transaction_id: string; at: number }>(`SELECT transaction_id, extract(epoch FROM created_at) * 1000 AS at FROM floor.inbox WHERE transaction_id = ANY($1)`, [ids]);
          const rowAt = new Map(inbox.rows.map((row) => [row.transaction_id, Number(row.at)]));
          return { rowAt, doneAt: Math.max(...rowAt.values()) };
        }
        if (Date.now() > deadline) throw new Error(`floor: ${rows[0].n} rows of ${ids.length} by the deadline`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}

/** Polls `done` every 100 ms until it answers true (false at the deadline falls through to the exact check, which reports). */
async function pollUntil(deadline: number, done: () => Promise<boolean>): Promise<void> {
  while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Creates the one-step in-app workflow; answers the dev environment's id. */
export async function prepareHerald(system: BenchSystem): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `ApiKey ${system.apiKey}` };
  const created = await fetch(`${system.apiUrl}/v2/workflows`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: WORKFLOW, workflowId: WORKFLOW, active: true, steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Order {{payload.orderId}} is on its way' } }] }),
  });
  if (created.status !== 201) throw new Error(`creating the bench workflow failed: ${created.status} ${await created.text()}`);
  const me = await fetch(`${system.apiUrl}/v1/environments/me`, { headers });
  const body = (await me.json()) as { data?: { _id?: string; id?: string } };
  const environmentId = body.data?._id ?? body.data?.id;
  if (!environmentId) throw new Error(`no environment id in ${JSON.stringify(body)}`);
  return environmentId;
}
