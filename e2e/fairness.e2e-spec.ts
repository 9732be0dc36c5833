import { expectEventually } from '@herald/testing';
import { Client } from 'pg';

import { uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// Issue 14, "Fairness between environments" (decision 0032): environment B's broadcasts put a
// backlog of in-app jobs in flight (the case: 13 broadcasts to 10,000 subscribers, 130,000
// jobs, within the default rate limits); environment A's single trigger must be delivered while
// most of that backlog is still undelivered, not after it drained. Order and counts, no timings.
// The size takes ~100 s to create on a 2-core CI machine (10,000 subscribers 2 s, the
// 130,000-job fan-out 95 s), so by default B has 2,000 subscribers (26,000 jobs, still 52 times the
// cap): the mechanism does not depend on size. FAIRNESS_SUBSCRIBERS=10000 runs the size.
const SUBSCRIBERS = Number(process.env.FAIRNESS_SUBSCRIBERS ?? 2_000);
/** FAIRNESS_DRAIN=1 also waits for B's whole backlog and checks every job was delivered exactly once. */
const DRAIN = process.env.FAIRNESS_DRAIN === '1';
const BROADCASTS = Number(process.env.FAIRNESS_BROADCASTS ?? 13);
const BACKLOG = SUBSCRIBERS * BROADCASTS;
/** The worker's default cap; A waits behind at most about this many of B's jobs. */
const CAP = 500;
const OPERATOR_TOKEN = 'fairness-operator-token-0123456789abcdef';
const SUBSCRIBER_BATCH = 500;
const FAN_OUT_POLL = { timeoutMs: 600_000, intervalMs: 2_000 };

let system: HeraldSystem;
let db: Client;

beforeAll(async () => {
  system = await startHeraldSystem('fairness', {
    apps: ['api-gateway', 'trigger-worker', 'runner-in-app'],
    env: {
      OPERATOR_TOKEN,
      WORKER_DISPATCH_IN_FLIGHT_PER_ENVIRONMENT: String(CAP),
      // Since decision 0033 a broadcast costs its audience: with the default bucket (5,000, 1,000/s)
      // B's third broadcast of 2,000 would be a 429. This case is about a backlog already admitted,
      // so the admission limit is out of its way; the rate-limit specs cover admission.
      RATE_LIMIT_TRIGGER_BURST: '10000000',
      RATE_LIMIT_TRIGGER_PER_SECOND: '10000000',
    },
  });
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  await system?.stop();
}, 90_000);

/** A second organization's environment and its API key, made through the operator routes. */
async function otherEnvironment(): Promise<{ environmentId: string; api: HeraldApi }> {
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${system.adminUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  };
  const organization = await admin<{ _id: string }>('/admin/organizations', { name: uniqueName('org-a') });
  const environment = await admin<{ _id: string }>(`/admin/organizations/${organization._id}/environments`, {
    name: 'Production',
  });
  const { key } = await admin<{ key: string }>(`/admin/environments/${environment._id}/api-keys`);
  return { environmentId: environment._id, api: new HeraldApi({ apiUrl: system.apiUrl, apiKey: key }) };
}

/** B's in-app jobs that exist, and how many of them are COMPLETED. */
async function backlogOf(environmentId: string): Promise<{ jobs: number; completed: number }> {
  const { rows } = await db.query<{ jobs: number; completed: number }>(
    `SELECT count(*)::int AS jobs, (count(*) FILTER (WHERE status = 'completed'))::int AS completed
     FROM trigger.jobs WHERE environment_id = $1`,
    [environmentId],
  );
  return rows[0];
}

/** Waits until every one of B's jobs is COMPLETED, then checks each has exactly one inbox message. */
async function expectDrained(environmentId: string, since: number): Promise<void> {
  await expectEventually(async () => expect((await backlogOf(environmentId)).completed).toBe(BACKLOG), {
    timeoutMs: 1_800_000,
    intervalMs: 2_000,
  });
  const drainedAt = Date.now();
  const { rows } = await db.query<{ messages: number; jobs: number }>(
    `SELECT count(*)::int AS messages, count(DISTINCT job_id)::int AS jobs
     FROM runner_in_app.inbox_messages WHERE environment_id = $1`,
    [environmentId],
  );
  process.stdout.write(
    `fairness: B's backlog drained ${((drainedAt - since) / 1000).toFixed(1)} s after its fan-out\n`,
  );
  expect(rows[0]).toEqual({ messages: BACKLOG, jobs: BACKLOG });
}

describe(`fair dispatch: A's single trigger beside B's ${BACKLOG.toLocaleString('en')}-job backlog`, () => {
  it(
    "delivers A's notification while most of B's backlog is still undelivered",
    () =>
      system.withLogsOnFailure(async () => {
        const b = new HeraldApi(system);
        const environmentB = (await b.request<{ data: { _id: string } }>('GET', '/v1/environments/me')).body.data._id;
        const a = await otherEnvironment();
        const workflowB = uniqueName('announcement');
        const workflowA = uniqueName('password-reset');
        const inApp = { name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello {{subscriber.subscriberId}}' } };
        await b.createWorkflow({ workflowId: workflowB, steps: [inApp] });
        await a.api.createWorkflow({ workflowId: workflowA, steps: [inApp] });

        const startedAt = Date.now();
        for (let start = 0; start < SUBSCRIBERS; start += SUBSCRIBER_BATCH) {
          const ids = Array.from(
            { length: Math.min(SUBSCRIBER_BATCH, SUBSCRIBERS - start) },
            (_, i) => `b-${start + i}`,
          );
          await b.createSubscribers(ids.map((subscriberId) => ({ subscriberId })));
        }
        const subscribersCreated = Date.now();
        for (let n = 0; n < BROADCASTS; n++) {
          const response = await b.request('POST', '/v1/events/trigger/broadcast', { name: workflowB, payload: { n } });
          expect(response.status).toBe(201);
        }
        // B's whole backlog exists (and, before fair dispatch, was queued at the runner ahead of A).
        await expectEventually(async () => expect((await backlogOf(environmentB)).jobs).toBe(BACKLOG), FAN_OUT_POLL);
        const fannedOut = Date.now();
        const atTrigger = await backlogOf(environmentB);

        const { transactionId } = await a.api.trigger({ name: workflowA, to: { subscriberId: 'a-0' } });
        // Read together, so B's count is the one when A's job was seen COMPLETED (or later).
        const atDelivery = await expectEventually(
          async () => {
            const { rows } = await db.query<{ a: string | null; completed: number }>(
              `SELECT (SELECT status FROM trigger.jobs WHERE environment_id = $1 AND transaction_id = $2) AS a,
                 (SELECT count(*)::int FROM trigger.jobs WHERE environment_id = $3 AND status = 'completed') AS completed`,
              [a.environmentId, transactionId, environmentB],
            );
            expect(rows[0].a).toBe('completed');
            return rows[0].completed;
          },
          { timeoutMs: 600_000, intervalMs: 100 },
        );
        const deliveredAt = Date.now();
        process.stdout.write(
          `fairness: ${SUBSCRIBERS} subscribers in ${((subscribersCreated - startedAt) / 1000).toFixed(1)} s; ` +
            `${BACKLOG} jobs fanned out in ${((fannedOut - subscribersCreated) / 1000).toFixed(1)} s ` +
            `(${atTrigger.completed} of B's delivered by then); A delivered ${((deliveredAt - fannedOut) / 1000).toFixed(1)} s after its trigger, ` +
            `when B had ${atDelivery} delivered, ${BACKLOG - atDelivery} not\n`,
        );

        // B still had most of its backlog undelivered when A's notification was delivered …
        expect(BACKLOG - atDelivery).toBeGreaterThan((BACKLOG - atTrigger.completed) / 2);
        // … because A waited behind at most a few caps' worth of B's jobs, not behind the backlog.
        expect(atDelivery - atTrigger.completed).toBeLessThan(10 * CAP);
        const inbox = await a.api.request<{ data: { transactionId: string }[] }>(
          'GET',
          '/v1/subscribers/a-0/notifications/feed?limit=10',
        );
        expect(inbox.body.data.map((message) => message.transactionId)).toEqual([transactionId]);
        if (DRAIN) await expectDrained(environmentB, fannedOut);
      }),
    900_000,
  );
});
