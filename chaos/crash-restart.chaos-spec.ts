import fs from 'node:fs';
import path from 'node:path';

import { type SmtpReceiver, startSmtpReceiver } from '@herald/testing';
import { Pool } from 'pg';

import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import type { ServiceName } from '../tools/dev/services';
import { chaosProfileFromEnv, SeededRandom } from './support/chaos-profile';
import { buildReport, formatReport } from './support/chaos-report';
import { auditDeliveries, type DisruptionWindow, pendingWork, trackArrivals } from './support/delivery-audit';
import {
  describe as describeDisruption,
  type DisruptionRecord,
  planDisruptions,
  runDisruptions,
} from './support/disruption-plan';
import { type LatencyProxy, startLatencyProxy } from './support/latency-proxy.util';
import { type PrivatePostgres, startPrivatePostgres } from './support/private-postgres.util';
import { type PrivateRabbitNode, startPrivateRabbitNode } from './support/private-rabbitmq-node.util';
import { pause } from './support/run-command.util';
import { LoadProgress, planTriggers, type RetryTally, sendLoad, type WorkflowIds } from './support/trigger-load';

// The whole of Herald under kill -9 and broker/database restarts, on a RabbitMQ node and a Postgres
// cluster of its own (the shared ones on :5672 and :5432 are never touched). See
// docs/decisions/0018-chaos-suite.md.
const ROOT = path.resolve(__dirname, '..');
const APPS: ServiceName[] = ['api-gateway', 'trigger-worker', 'runner-email', 'runner-in-app'];
const RUNNERS: ServiceName[] = ['runner-email', 'runner-in-app'];
const profile = chaosProfileFromEnv();
const random = new SeededRandom(profile.seed);
const runId = profile.seed.toString(36);
const loadMs = (profile.triggers * 1000) / profile.ratePerSecond;
// The last triggers wait until every disruption is over, so each one strikes with triggers still coming.
const HOLD_FROM = Math.round(profile.triggers * 0.85);
const log = (line: string) => process.stdout.write(`chaos: ${line}\n`);
// The test hook of decision 0030: a trigger carrying it kills trigger-worker until it is quarantined.
const POISON_MARKER = `chaos-poison-${runId}`;

let rabbit: PrivateRabbitNode | undefined;
let postgres: PrivatePostgres | undefined;
let smtp: SmtpReceiver | undefined;
let smtpProxy: LatencyProxy | undefined;
let system: HeraldSystem | undefined;
let db: Pool | undefined;
let distSnapshot: string | undefined;

beforeAll(async () => {
  if (process.getuid?.() !== 0)
    throw new Error(
      'the chaos suite runs its own RabbitMQ node and Postgres cluster as users rabbitmq and postgres: run it as root',
    );
  // CHAOS_DIST_DIR runs another build (e.g. an older one, to show a fix makes the difference).
  const dist = process.env.CHAOS_DIST_DIR ?? path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'apps')))
    throw new Error(`${dist} is missing: run \`node tools/build.js\` (npm run test:chaos does)`);
  // Restarted services must run the code the run started with, whatever rebuilds dist/ meanwhile.
  distSnapshot = path.join(ROOT, '.herald', `chaos-dist-${process.pid}`);
  fs.cpSync(dist, distSnapshot, { recursive: true });
  log(
    `profile ${profile.name}: ${profile.triggers} triggers at ${profile.ratePerSecond}/s, ${profile.killRounds} kill round(s), seed ${profile.seed} (CHAOS_SEED=${profile.seed} replays the plan)`,
  );
  [rabbit, postgres, smtp] = await Promise.all([
    startPrivateRabbitNode('chaos'),
    startPrivatePostgres('chaos'),
    startSmtpReceiver(),
  ]);
  smtpProxy = await startLatencyProxy(smtp, profile.smtpReplyDelayMs);
  log(`private RabbitMQ ${rabbit.nodeName} at ${rabbit.url}, private Postgres at ${postgres.url('herald')}`);
  system = await startHeraldSystem('chaos', {
    databaseUrl: postgres.url('herald'),
    amqpUrl: rabbit.url,
    apps: APPS,
    distDir: distSnapshot,
    env: {
      // A send cut off by kill -9 is resumed once its lease expires (after the 1 + 10 + 60 s retry
      // tiers either way); half of it is how long a sent job's outcome may wait for Postgres.
      RUNNER_SEND_LEASE_MS: '40000',
      // A key leased by a killed gateway is free again after this.
      IDEMPOTENCY_LEASE_MS: '6000',
      HERALD_TEST_POISON_MARKER: POISON_MARKER,
    },
    // A service killed by a poison trigger comes back on its own, as under npm start or Kubernetes.
    restartOnCrash: { initialDelayMs: 500, maxDelayMs: 8_000 },
  });
  // A pool, not one client: the Postgres crash breaks connections and the pool replaces them.
  db = new Pool({ connectionString: postgres.url('herald'), max: 2 });
  db.on('error', () => undefined);
  const api = new HeraldApi(system);
  await api.createIntegration({
    providerId: 'nodemailer',
    channel: 'email',
    identifier: `smtp-${runId}`,
    credentials: {
      host: smtpProxy.host,
      port: String(smtpProxy.port),
      secure: false,
      from: 'herald@chaos.example',
      senderName: 'Herald Chaos',
    },
  });
  for (const [workflowId, steps] of Object.entries(workflowSteps())) await api.createWorkflow({ workflowId, steps });
}, 600_000);

afterAll(async () => {
  await db?.end().catch(() => undefined);
  await system?.stop();
  await smtpProxy?.close();
  await smtp?.close();
  await rabbit?.stop();
  await postgres?.stop();
  if (distSnapshot) fs.rmSync(distSnapshot, { recursive: true, force: true });
}, 180_000);

function workflowIds(): WorkflowIds {
  return {
    'in-app': `chaos-inbox-${runId}`,
    email: `chaos-mail-${runId}`,
    'delay-email': `chaos-delay-${runId}`,
    'digest-in-app': `chaos-digest-${runId}`,
  };
}

function workflowSteps(): Record<string, unknown[]> {
  const ids = workflowIds();
  const mail = {
    name: 'Mail',
    type: 'email',
    controlValues: { subject: 'Chaos #{{payload.n}}', body: '<p>Trigger {{payload.n}}</p>' },
  };
  return {
    [ids['in-app']]: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Trigger {{payload.n}}' } }],
    [ids.email]: [mail],
    [ids['delay-email']]: [
      { name: 'Wait', type: 'delay', controlValues: { type: 'regular', amount: 3, unit: 'seconds' } },
      mail,
    ],
    // The body is the digest's size, so the audit can add up the events every digest carried.
    [ids['digest-in-app']]: [
      { name: 'Collect', type: 'digest', controlValues: { amount: 5, unit: 'seconds' } },
      { name: 'Inbox', type: 'in_app', controlValues: { body: '{{step.total_count}}' } },
    ],
  };
}

/** Acknowledged poison triggers trigger-worker quarantined and shows as failed (a `failed_triggers` row). */
async function quarantinedCount(transactionIds: string[]): Promise<number> {
  const sql = `SELECT count(DISTINCT transaction_id)::int AS n
    FROM trigger.failed_triggers WHERE transaction_id = ANY($1)`;
  const { rows } = await (db as Pool).query<{ n: number }>(sql, [transactionIds]);
  return rows[0].n;
}

/**
 * Waits until every acknowledged trigger's jobs are terminal, every poison trigger is quarantined,
 * no send is in flight and every queue but the dead-letter ones is empty (twice in a row).
 */
async function settle(
  transactionIds: string[],
  poisonIds: string[],
): Promise<{ settled: boolean; deadLettered: Map<string, number> }> {
  const deadline = Date.now() + profile.settleTimeoutMs;
  let quietPolls = 0;
  let lastLine = '';
  let deadLettered = new Map<string, number>();
  while (Date.now() < deadline) {
    try {
      const work = await pendingWork(db as Pool, transactionIds);
      const quarantined = await quarantinedCount(poisonIds);
      const depths = await (rabbit as PrivateRabbitNode).queueDepths();
      deadLettered = new Map([...depths].filter(([name]) => name.endsWith('.dead')));
      const queued = [...depths].filter(([name]) => !name.endsWith('.dead')).reduce((sum, [, n]) => sum + n, 0);
      const line =
        `settling: ${work.triggersWithoutEvent} triggers without event, ${work.nonTerminalJobs} non-terminal jobs, ` +
        `${work.sendingDeliveries} sends in flight, ${queued} messages queued, ` +
        `${quarantined}/${poisonIds.length} poison triggers quarantined`;
      if (line !== lastLine) log(line);
      lastLine = line;
      const drained = work.triggersWithoutEvent === 0 && work.nonTerminalJobs === 0 && work.sendingDeliveries === 0;
      const quiet = drained && queued === 0 && quarantined === poisonIds.length;
      quietPolls = quiet ? quietPolls + 1 : 0;
      if (quietPolls >= 2) return { settled: true, deadLettered };
    } catch (error) {
      log(`settling: poll failed (${error instanceof Error ? error.message : String(error)})`);
    }
    await pause(2_000);
  }
  return { settled: false, deadLettered };
}

it(
  'every acknowledged trigger is delivered once through kill -9 of the worker, a runner and the gateway and restarts of RabbitMQ and Postgres',
  async () => {
    const sys = system as HeraldSystem;
    await sys.withLogsOnFailure(async () => {
      const poisonPlan = { count: profile.poisonTriggers, marker: POISON_MARKER };
      const triggers = planTriggers(profile.triggers, runId, workflowIds(), random, poisonPlan);
      const plan = planDisruptions(profile.killRounds, RUNNERS, profile.triggers, random);
      log(
        `plan: ${plan.map(({ afterTriggers, disruption }) => `after ${afterTriggers} triggers ${describeDisruption(disruption)}`).join('; ')}`,
      );
      const mails = (smtp as SmtpReceiver).messages;
      const tracker = trackArrivals(mails);
      const retries: RetryTally = new Map();
      const startedAt = Date.now();
      const progressOfLoad = new LoadProgress();
      let disruptionsOver: () => void = () => undefined;
      const hold = { fromIndex: HOLD_FROM, until: new Promise<void>((resolve) => (disruptionsOver = resolve)) };
      const progress = setInterval(() => {
        const acked = triggers.filter((trigger) => trigger.transactionId).length;
        log(
          `t+${((Date.now() - startedAt) / 1000).toFixed(0)}s acknowledged ${acked}/${triggers.length}, mails ${mails.length}, retries ${[...retries].map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none'}`,
        );
      }, 15_000);
      let disruptions: DisruptionRecord[];
      try {
        [disruptions] = await Promise.all([
          runDisruptions(
            plan,
            {
              kill: (app) => sys.kill(app),
              // Generous: on a busy two-core machine a service can take minutes to boot.
              restart: (app) => sys.restart(app, 240_000),
              stopRabbit: () => (rabbit as PrivateRabbitNode).stopApp(),
              startRabbit: () => (rabbit as PrivateRabbitNode).startApp(),
              crashPostgres: () => (postgres as PrivatePostgres).crash(),
              startPostgres: () => (postgres as PrivatePostgres).start(),
            },
            random,
            { startedAt, waitUntilSent: (count) => progressOfLoad.waitUntilSent(count) },
            log,
          ).finally(() => disruptionsOver()),
          sendLoad(
            triggers,
            {
              apiUrl: sys.apiUrl,
              apiKey: sys.apiKey,
              ratePerSecond: profile.ratePerSecond,
              maxInFlight: profile.maxInFlight,
              hold,
            },
            retries,
            progressOfLoad,
          ),
        ]);
      } finally {
        clearInterval(progress);
      }
      const loadDoneMs = Date.now() - startedAt;
      // Poison triggers are accounted apart: quarantined and shown as failed, never delivered.
      const innocent = triggers.filter((trigger) => !trigger.poison);
      const poisoned = triggers.filter((trigger) => trigger.poison);
      const acknowledgedIds = (list: typeof triggers) =>
        list.flatMap((trigger) => (trigger.transactionId ? [trigger.transactionId] : []));
      const transactionIds = acknowledgedIds(innocent);
      const poisonIds = acknowledgedIds(poisoned);
      const { settled, deadLettered } = await settle(transactionIds, poisonIds);
      const settleMs = Date.now() - startedAt - loadDoneMs;
      // The run leaves every service running: each one it killed came back and is ready.
      await sys.waitUntilReady(60_000);
      tracker.stop();
      const windows: DisruptionWindow[] = disruptions.map((record) => ({
        label: describeDisruption(record.disruption),
        kind:
          record.disruption.kind === 'restart-postgres'
            ? 'postgres'
            : record.disruption.kind === 'kill' && record.disruption.app === 'runner-email'
              ? 'kill-runner-email'
              : 'other',
        from: startedAt + record.startedAtMs,
        to: startedAt + record.readyAtMs,
      }));
      const audit = await auditDeliveries(db as Pool, innocent, mails, tracker.arrivals, windows);
      const poison = {
        planned: poisoned.length,
        acknowledged: poisonIds.length,
        quarantined: await quarantinedCount(poisonIds),
        workerCrashes: sys.service('trigger-worker').crashes,
      };
      const totalMs = Date.now() - startedAt;
      const parts = { profile, loadMs: loadDoneMs, settleMs, totalMs, retries, disruptions, deadLettered, audit };
      const report = buildReport({ ...parts, poison });
      log(`\n${formatReport(report)}`);
      fs.mkdirSync(path.join(ROOT, '.herald'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, '.herald', 'chaos-report.json'), `${JSON.stringify(report, null, 2)}\n`);
      for (const trigger of triggers.filter((candidate) => candidate.rejected).slice(0, 5))
        log(`rejected #${trigger.index}: ${trigger.rejected?.status} ${trigger.rejected?.body}`);

      const c = audit.counts;
      expect(disruptions).toHaveLength(plan.length);
      expect(settled).toBe(true);
      expect({ rejected: c.rejected, unacknowledged: c.unacknowledged, acknowledged: c.acknowledged }).toEqual({
        rejected: 0,
        unacknowledged: 0,
        acknowledged: innocent.length,
      });
      // Every poison trigger was acknowledged, then quarantined and shown as failed; none of them was delivered.
      expect({ acknowledged: poison.acknowledged, quarantined: poison.quarantined }).toEqual({
        acknowledged: poisoned.length,
        quarantined: poisoned.length,
      });
      expect({
        lostTriggers: c.lostTriggers,
        duplicatedNotifications: c.duplicatedNotifications,
        nonTerminalJobs: c.nonTerminalJobs,
        terminal: c.terminal,
      }).toEqual({
        lostTriggers: 0,
        duplicatedNotifications: 0,
        nonTerminalJobs: 0,
        terminal: c.acknowledged,
      });
      expect(c.expected).toBeGreaterThan(0);
      // On a failure the diff carries the findings and the disruption timeline: CI may keep only the tail of the output.
      const deliveryFailed = c.missing + c.doubled + c.unexpected > 0 || c.delivered !== c.expected;
      const evidence = deliveryFailed
        ? {
            findings: audit.problems,
            disruptions: report.disruptions.map(
              (d) => `t+${d.atSeconds}s ${d.what}, down ${d.downSeconds} s, ready after ${d.readyAfterSeconds} s`,
            ),
          }
        : {};
      expect({
        missing: c.missing,
        doubled: c.doubled,
        unexpected: c.unexpected,
        delivered: c.delivered,
        ...evidence,
      }).toEqual({ missing: 0, doubled: 0, unexpected: 0, delivered: c.expected });
      expect(c.digestEventsCounted).toBe(c.digestEventsExpected);
    });
  },
  loadMs + profile.settleTimeoutMs + 600_000,
);
