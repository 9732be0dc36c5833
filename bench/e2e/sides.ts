import http from 'node:http';

import { Client } from 'pg';

import { type BenchSystem } from '../support/herald-system';
import { type HeraldShapedFloor } from './herald-shaped-floor';
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
  /** Where the time between the 201 and the inbox row went, per notification (ms per stage), when the side can tell. */
  stages?(transactionIds: string[]): Promise<Record<string, number[]>>;
}

/** Herald: `POST /v1/events/trigger` (keep-alive), done when the inbox row exists and the job is COMPLETED. */
export function heraldSide(system: BenchSystem, db: Client, environmentId: string, concurrency: number): Side {
  return {
    name: 'herald',
    pids: system.pids,
    send: httpTrigger(system.apiUrl, system.apiKey, concurrency),
    ...doneTracker(db, 'herald', {
      inbox: 'runner_in_app.inbox_messages',
      order: 'seq',
      jobs: 'trigger.jobs',
      environmentId,
    }),
    stages: (ids) => heraldStages(db, environmentId, ids),
  };
}

/**
 * Herald's path in two stages, from the rows it leaves (one host, one clock): the gateway's
 * `requestedAt` → the start of the worker transaction that stored the event (queue wait and batch
 * gathering); → the start of the runner transaction that wrote the inbox row (the rest of the
 * worker transaction, its commit, the dispatch's publish and confirm right after it (0048), its
 * delivery to the runner and its queue wait). The dispatch leaves no row of its own any more, so
 * the confirm is no longer a stage boundary.
 */
async function heraldStages(db: Client, environmentId: string, ids: string[]): Promise<Record<string, number[]>> {
  const { rows } = await db.query<{ to_worker: number; to_inbox: number }>(
    `SELECT extract(epoch FROM e.created_at - e.requested_at) * 1000 AS to_worker, extract(epoch FROM i.created_at - e.created_at) * 1000 AS to_inbox
     FROM trigger.events e
     JOIN runner_in_app.inbox_messages i ON i.environment_id = e.environment_id AND i.transaction_id = e.transaction_id
     WHERE e.environment_id = $1 AND e.transaction_id = ANY($2)`,
    [environmentId, ids],
  );
  return {
    'requested → worker transaction': rows.map((row) => Number(row.to_worker)),
    'worker transaction → runner transaction': rows.map((row) => Number(row.to_inbox)),
  };
}

/** The herald-shaped floor: the same request to its ingress, done when its inbox row exists and its job is completed. */
export function floorSide(floor: HeraldShapedFloor, db: Client, apiKey: string, concurrency: number): Side {
  return {
    name: 'floor',
    pids: floor.pids,
    send: httpTrigger(floor.url, apiKey, concurrency),
    ...doneTracker(db, 'floor', { inbox: 'floor_shaped.inbox', order: 'id', jobs: 'floor_shaped.jobs' }),
  };
}

/** The two-hop floor (reference): a confirmed publish from the bench's process, done when its row is in `floor.inbox`. */
export function twoHopSide(floor: TwoHopFloor, db: Client): Side {
  return {
    name: 'two-hop',
    pids: { 'two-hop hop 1': floor.pids[0], 'two-hop hop 2': floor.pids[1] },
    send: (transactionId, index, payload) =>
      floor.publish({ transactionId, subscriberId: `subscriber-${index % SUBSCRIBERS}`, payload }),
    ...doneTracker(db, 'two-hop floor', { inbox: 'floor.inbox', order: 'id' }),
  };
}

/**
 * How the load tool sends trigger `index`, to Herald and to the floor alike: `POST
 * /v1/events/trigger` on a keep-alive agent of its own with `concurrency` sockets, the same
 * headers and body shape; resolves on the 201.
 */
function httpTrigger(baseUrl: string, apiKey: string, concurrency: number): Side['send'] {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${baseUrl}/v1/events/trigger`);
  return (transactionId, index, payload) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ name: WORKFLOW, to: `subscriber-${index % SUBSCRIBERS}`, payload, transactionId });
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `ApiKey ${apiKey}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            response.statusCode === 201
              ? resolve()
              : reject(
                  new Error(
                    `trigger answered ${response.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 300)}`,
                  ),
                ),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

/** Where a side's notifications land. */
interface DoneWhere {
  /** The inbox table, and its ever-growing column (indexed) that progress is counted by. */
  inbox: string;
  order: 'seq' | 'id';
  /** The jobs table whose row must be completed too, when the side has one. */
  jobs?: string;
  /** Narrows both tables to one environment (Herald's). */
  environmentId?: string;
}

/** `begin` and `awaitDone` for a side whose notifications land in `where`: done when the inbox row exists and (with `jobs`) the job is completed. */
function doneTracker(db: Client, label: string, where: DoneWhere): Pick<Side, 'begin' | 'awaitDone'> {
  let mark = '0';
  const scope = `${where.environmentId ? 'environment_id = $2 AND ' : ''}transaction_id = ANY($1)`;
  const params = (ids: string[]) => (where.environmentId ? [ids, where.environmentId] : [ids]);
  const jobs = where.jobs
    ? `count(*) FILTER (WHERE status = 'completed') AS completed, extract(epoch FROM max(updated_at)) * 1000 AS done_at FROM ${where.jobs} WHERE ${scope}`
    : 'NULL AS completed, NULL AS done_at';
  return {
    async begin() {
      mark = (await db.query<{ mark: string }>(`SELECT coalesce(max(${where.order}), 0) AS mark FROM ${where.inbox}`))
        .rows[0].mark;
    },
    async awaitDone(ids) {
      const deadline = Date.now() + Math.max(WAIT_LIMIT_MS, ids.length * 200);
      // Polled lightly while the side works (the rows since the run began, by the index), exactly once they are all there.
      await pollUntil(
        deadline,
        async () =>
          Number(
            (
              await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${where.inbox} WHERE ${where.order} > $1`, [
                mark,
              ])
            ).rows[0].n,
          ) >= ids.length,
      );
      for (;;) {
        const { rows } = await db.query<{ rows: string; completed: string | null; done_at: number | null }>(
          `SELECT (SELECT count(*) FROM ${where.inbox} WHERE ${scope}) AS rows, ${jobs}`,
          params(ids),
        );
        const completed = where.jobs ? Number(rows[0].completed) : ids.length;
        if (Number(rows[0].rows) >= ids.length && completed >= ids.length) {
          const inbox = await db.query<{ transaction_id: string; at: number }>(
            `SELECT transaction_id, extract(epoch FROM created_at) * 1000 AS at FROM ${where.inbox} WHERE ${scope}`,
            params(ids),
          );
          const rowAt = new Map(inbox.rows.map((row) => [row.transaction_id, Number(row.at)]));
          return { rowAt, doneAt: Math.max(Number(rows[0].done_at ?? 0), ...rowAt.values()) };
        }
        if (Date.now() > deadline)
          throw new Error(
            `${label}: ${rows[0].rows} inbox rows${where.jobs ? ` and ${rows[0].completed} completed jobs` : ''} of ${ids.length} by the deadline`,
          );
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
    body: JSON.stringify({
      name: WORKFLOW,
      workflowId: WORKFLOW,
      active: true,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Order {{payload.orderId}} is on its way' } }],
    }),
  });
  if (created.status !== 201)
    throw new Error(`creating the bench workflow failed: ${created.status} ${await created.text()}`);
  const me = await fetch(`${system.apiUrl}/v1/environments/me`, { headers });
  const body = (await me.json()) as { data?: { _id?: string; id?: string } };
  const environmentId = body.data?._id ?? body.data?.id;
  if (!environmentId) throw new Error(`no environment id in ${JSON.stringify(body)}`);
  return environmentId;
}
