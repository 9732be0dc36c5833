import { randomBytes } from 'node:crypto';

import { expectEventually, testServiceUrls, uniqueTestPrefix } from '@herald/testing';
import fc from 'fast-check';

import { deletePrefixedTopology } from '../e2e/support/broker-cleanup';
import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { errorShapeProblems } from './support/error-shape';
import { FuzzReport, runPool } from './support/fuzz-report';
import { type RawResponse, sendRaw } from './support/raw-http';
import {
  appliesTo,
  caseArbitrary,
  CATEGORIES,
  type Category,
  type FuzzCase,
  type FuzzContext,
  type FuzzRoute,
} from './support/request-arbitraries';
import {
  coverageGaps,
  type DocumentedRoute,
  documentedRoutes,
  fuzzableRoutes,
  onOperatorListener,
} from './support/route-coverage';
import { createEnvironment, inboxSessionToken, seedEnvironment } from './support/seed-environment';
import { AcceptedTriggers, readWorkerRecords, TriggerTap } from './support/trigger-ledger';

// Every request comes from one address and thousands carry bad credentials: the failed-authentication
// limit (its own spec: apps/api-gateway/test/security) would answer 429 instead of the 401 under test.
const FUZZ_AUTH_FAILURES = '1000000000';

// `npm run test:fuzz -- --full` sets FUZZ_FULL; FUZZ_SEED replays a run, FUZZ_REQUESTS overrides the budget.
const FULL = process.env.FUZZ_FULL === '1';
const BUDGET = Number(process.env.FUZZ_REQUESTS ?? (FULL ? 12_000 : 2_000));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 8;
const MAX_BODY_BYTES = 1024 * 1024;
const operatorToken = `op-${randomBytes(16).toString('hex')}`;
/**
 * What the public routes reach: runner-email answers the send test of the seeded (email)
 * integration; the SMS, push and chat runners read no client input the fuzzer can reach.
 */
const APPS = ['api-gateway', 'attachment-service', 'trigger-worker', 'runner-in-app', 'runner-email'] as const;
/** The machine is shared with other suites: a 5 s RPC deadline missed under load is a 503 that says nothing about input. */
const PATIENT_RPC = {
  WORKER_RPC_TIMEOUT_MS: '30000',
  INBOX_RPC_TIMEOUT_MS: '30000',
  INTEGRATION_TEST_RPC_TIMEOUT_MS: '30000',
  ATTACHMENT_RPC_TIMEOUT_MS: '30000',
};
const brokerPrefix = uniqueTestPrefix('fuzz');

let system: HeraldSystem;
let routes: DocumentedRoute[];
let context: FuzzContext;
let tap: TriggerTap;
const accepted = new AcceptedTriggers();
const report = new FuzzReport();

const clip = (text: string, length = 300) => (text.length > length ? `${text.slice(0, length)}…` : text);

/** Checks one answer; every finding goes to the report (the run goes on, so one run shows them all). */
function check(fuzzCase: FuzzCase, response: RawResponse): void {
  const { request, route, category } = fuzzCase;
  report.record(category, route.key, response.status);
  accepted.record(route.spec, response);
  const where = `[${category}] ${request.method} ${clip(request.target, 160)} → ${response.status}`;
  if (response.status >= 500) report.problem(`${where}: 5xx ${clip(response.text)}`);
  if (response.status >= 400 && response.status < 500) {
    const problems = errorShapeProblems(response.status, response.json, request.target);
    if (problems.length > 0) report.problem(`${where}: ${problems.join('; ')} — ${clip(response.text)}`);
  }
  if (fuzzCase.mustBeUnauthorized && ![400, 401, 431].includes(response.status))
    report.problem(`${where}: bad credentials not refused`);
  if (response.text.includes(context.apiKey) || response.text.includes(operatorToken))
    report.problem(`${where}: a secret is in the answer`);
}

interface PlannedCase {
  category: Category;
  route: FuzzRoute;
  seed: number;
}

/** The run's plan: the budget spread evenly over every (category, route) that applies, interleaved. Cases are generated when sent (huge bodies stay out of memory). */
function planCases(fuzzRoutes: FuzzRoute[]): PlannedCase[] {
  const pairs = CATEGORIES.flatMap((category) =>
    fuzzRoutes.filter((route) => appliesTo(category, route)).map((route) => ({ category, route })),
  );
  const perPair = Math.max(1, Math.ceil(BUDGET / pairs.length));
  const planned = pairs.flatMap((pair, index) =>
    Array.from({ length: perPair }, (_, run) => ({ ...pair, seed: (SEED + index * 10_007 + run) % 2 ** 31 })),
  );
  return fc.sample(fc.shuffledSubarray(planned, { minLength: planned.length, maxLength: planned.length }), {
    numRuns: 1,
    seed: SEED,
  })[0];
}

const generate = ({ category, route, seed }: PlannedCase): FuzzCase =>
  fc.sample(caseArbitrary(category, route, context), { numRuns: 1, seed })[0];

beforeAll(async () => {
  // Fuzzing is about validation; rate limits would answer 429 before it runs (they have their own tests).
  system = await startHeraldSystem('fuzz', {
    apps: APPS,
    env: {
      BROKER_NAME_PREFIX: brokerPrefix,
      OPERATOR_TOKEN: operatorToken,
      RATE_LIMIT_ENABLED: 'false',
      AUTH_FAILURES_PER_ADDRESS: FUZZ_AUTH_FAILURES,
      ...PATIENT_RPC,
    },
  });
  const api = new HeraldApi(system);
  const me = (await api.request<{ data: { _id: string; _organizationId: string } }>('GET', '/v1/environments/me')).body
    .data;
  const other = await createEnvironment(system.adminUrl, operatorToken, me._organizationId);
  const seeded = await seedEnvironment(
    api,
    { environmentId: other.environmentId, organizationId: me._organizationId, keyId: other.keyId },
    system.apiUrl,
  );
  // Its own subscriber: bulk deletes and archives of the fuzzed inbox routes touch nothing else.
  const inboxToken = await inboxSessionToken(api, system.apiUrl, 'fuzz-inbox-subscriber');
  context = {
    apiKey: system.apiKey,
    operatorToken,
    inboxToken,
    known: seeded.known,
    targets: seeded.targets,
    full: FULL,
  };
  routes = await documentedRoutes(system);
  tap = await TriggerTap.open(testServiceUrls().amqpUrl, `${brokerPrefix}.herald`);
}, 180_000);

afterAll(async () => {
  await tap?.close();
  await system?.stop();
  // The prefix is this suite's (the system's own is overridden), so its queues are this suite's to delete.
  await deletePrefixedTopology(testServiceUrls().amqpUrl, brokerPrefix);
}, 90_000);

describe('bad input on every public route', () => {
  it('covers every route of /openapi.json and /admin/openapi.json (or says why not)', () => {
    expect(coverageGaps(routes)).toEqual({ uncovered: [], stale: [] });
  });

  it(`answers generated bad input with a well-formed 4xx, never a 5xx (${FULL ? 'full' : 'CI'} profile)`, async () => {
    await system.withLogsOnFailure(async () => {
      const plan = planCases(fuzzableRoutes(routes));
      process.stdout.write(`fuzz: ${plan.length} generated requests, seed ${SEED} (FUZZ_SEED=${SEED} replays them)\n`);
      const port = Number(new URL(system.apiUrl).port);
      const adminPort = Number(new URL(system.adminUrl).port);
      const started = Date.now();
      await runPool(plan, CONCURRENCY, async (planned) => {
        const fuzzCase = generate(planned);
        check(fuzzCase, await sendRaw(onOperatorListener(fuzzCase.route) ? adminPort : port, fuzzCase.request));
      });
      process.stdout.write(`${report.format(`fuzz (${Math.round((Date.now() - started) / 1000)} s)`)}\n`);
      expect(report.problems.slice(0, 40)).toEqual([]);
    });
  }, 1_800_000);

  it('refuses bodies over the limits with 413, whatever the framing', async () => {
    const port = Number(new URL(system.apiUrl).port);
    const auth: [string, string][] = [
      ['Authorization', `ApiKey ${system.apiKey}`],
      ['Content-Type', 'application/json'],
    ];
    const overBody = Buffer.alloc(31 * MAX_BODY_BYTES, 0x20);
    const bigPayload = Buffer.from(
      JSON.stringify({ name: context.targets.workflowId, to: 'x', payload: { blob: 'x'.repeat(600 * 1024) } }),
    );
    for (const request of [
      { method: 'POST', target: '/v1/tenants', headers: auth, body: overBody },
      { method: 'POST', target: '/v1/tenants', headers: auth, body: overBody, chunked: true },
      { method: 'POST', target: '/v1/events/trigger', headers: auth, body: bigPayload },
    ]) {
      const response = await sendRaw(port, request);
      report.record('over-limit', `${request.method} ${request.target}`, response.status);
      expect(response.status).toBe(413);
      expect(errorShapeProblems(413, response.json, request.target)).toEqual([]);
    }
  }, 120_000);

  it('queued nothing for a refused request: every trigger message and worker row belongs to an acknowledged trigger', async () => {
    // The seeding trigger was published before the tap opened; every one after it must be accounted for.
    await expectEventually(() => expect(tap.transactionIds.length).toBeGreaterThanOrEqual(accepted.count), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    const unexpected = tap.transactionIds.filter((id) => !accepted.transactionIds.has(id));
    expect({ published: tap.transactionIds.length, unexpected: unexpected.slice(0, 10) }).toEqual({
      published: accepted.count,
      unexpected: [],
    });
    const seededTransaction = context.known.transactionId;
    const records = await expectEventually(
      async () => {
        const read = await readWorkerRecords(system.databaseUrl);
        expect(read.consumed).toBeGreaterThanOrEqual(accepted.count + 1);
        return read;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    const foreign = (ids: Set<string>) =>
      [...ids].filter((id) => id !== seededTransaction && !accepted.transactionIds.has(id));
    expect({
      events: foreign(records.events),
      notifications: foreign(records.notifications),
      jobs: foreign(records.jobs),
    }).toEqual({ events: [], notifications: [], jobs: [] });
    process.stdout.write(
      `fuzz: ${accepted.count} triggers acknowledged and published, ${records.events.size} transactions in the worker, none from a refused request\n`,
    );
  }, 180_000);
});
