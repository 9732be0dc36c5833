import { computeDeliveryKey } from '@herald/contracts';
import type { ReceivedMail } from '@herald/testing';

import type { PlannedTrigger } from './trigger-load';

const TERMINAL = new Set(['completed', 'failed', 'canceled', 'merged', 'skipped']);
const CHANNELS = new Set(['email', 'in_app']);
const LISTED = 20;

/** Where the audit reads: a pg `Pool` (it replaces connections the Postgres restart broke). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A disruption's window (epoch ms): from the moment it struck until its victim was ready again. */
export interface DisruptionWindow {
  label: string;
  kind: 'kill-runner-email' | 'postgres' | 'other';
  from: number;
  to: number;
}

/** A send cut off by a crash was in flight at most this long before it (provider timeout plus recording, generously). */
const IN_FLIGHT_MS = 30_000;
/** Bytes already through the proxy still complete a mail at the receiver this long after the sender was killed (arrival times are also polled). */
const KILL_TAIL_MS = 1_000;
/** A send that completed this soon after Postgres came back may still have failed to record. */
const RECORD_GRACE_MS = 5_000;
/** A send accepted this shortly before the crash may still have been recording when it struck. */
const RECORD_LEAD_MS = 2_000;
/** What the run proves, as numbers. */
export interface DeliveryCounts {
  planned: number;
  acknowledged: number;
  rejected: number;
  unacknowledged: number;
  /** Acknowledged triggers trigger-worker has no record of. */
  lostTriggers: number;
  /** Acknowledged triggers with more than one notification (each has one subscriber). */
  duplicatedNotifications: number;
  /** Acknowledged triggers whose jobs are all COMPLETED, FAILED, CANCELED, MERGED or SKIPPED. */
  terminal: number;
  nonTerminalJobs: number;
  jobStatuses: Record<string, number>;
  /** Delivery keys that must have reached a receiver (every channel job except MERGED digest followers). */
  expected: number;
  delivered: number;
  missing: number;
  /** Extra copies of a key at a receiver not explained by a crash of the sender mid-send. */
  doubled: number;
  /** Extra copies of a key sent again after runner-email was killed between the copies (outcome unknown, same key). */
  inDoubt: number;
  /** Keys received that no channel job expected (e.g. a MERGED follower delivered). */
  unexpected: number;
  /** Digest events counted in delivered digests (sum of total_count) against acknowledged digest triggers. */
  digestEventsExpected: number;
  digestEventsCounted: number;
}

/** The counts plus the first few offenders of each kind, for the diagnosis. */
export interface DeliveryAudit {
  counts: DeliveryCounts;
  problems: string[];
}

interface JobRow {
  transaction_id: string;
  environment_id: string;
  subscriber_id: string;
  step_id: string;
  step_type: string;
  status: string;
}

/** Acknowledged triggers still missing work: no event row yet, or a job not terminal. Also `sending` delivery-log rows. */
export async function pendingWork(
  db: Queryable,
  transactionIds: string[],
): Promise<{ triggersWithoutEvent: number; nonTerminalJobs: number; sendingDeliveries: number }> {
  const [{ events }] = (
    await db.query('SELECT count(*)::int AS events FROM trigger.events WHERE transaction_id = ANY($1)', [
      transactionIds,
    ])
  ).rows as { events: number }[];
  const [{ open }] = (
    await db.query(
      `SELECT count(*)::int AS open FROM trigger.jobs WHERE transaction_id = ANY($1) AND status <> ALL($2)`,
      [transactionIds, [...TERMINAL]],
    )
  ).rows as { open: number }[];
  const [{ sending }] = (
    await db.query(
      `SELECT (SELECT count(*) FROM runner_email.deliveries WHERE outcome = 'sending') + (SELECT count(*) FROM runner_in_app.deliveries WHERE outcome = 'sending') AS sending`,
    )
  ).rows as { sending: string }[];
  return {
    triggersWithoutEvent: transactionIds.length - events,
    nonTerminalJobs: open,
    sendingDeliveries: Number(sending),
  };
}

/**
 * Counts, by delivery key, what the receivers got against what the acknowledged triggers owed:
 * the SMTP receiver's mails (key from `Message-ID: <key@domain>`) and the inbox table (one row
 * per key), against the channel jobs in trigger-worker's schema.
 */
export async function auditDeliveries(
  db: Queryable,
  triggers: readonly PlannedTrigger[],
  mails: readonly ReceivedMail[],
  arrivals: readonly number[],
  windows: readonly DisruptionWindow[],
): Promise<DeliveryAudit> {
  const problems: string[] = [];
  const acked = triggers.filter((trigger) => trigger.transactionId);
  const byTransaction = new Map(acked.map((trigger) => [trigger.transactionId as string, trigger]));
  const ids = [...byTransaction.keys()];
  const eventIds = new Set(
    (
      (await db.query('SELECT transaction_id FROM trigger.events WHERE transaction_id = ANY($1)', [ids])).rows as {
        transaction_id: string;
      }[]
    ).map((row) => row.transaction_id),
  );
  const lost = ids.filter((id) => !eventIds.has(id));
  for (const id of lost.slice(0, LISTED))
    problems.push(
      `lost trigger: #${byTransaction.get(id)?.index} ${byTransaction.get(id)?.kind} transactionId ${id} acknowledged, no event in trigger-worker`,
    );
  const notifications = (
    await db.query(
      'SELECT transaction_id, count(*)::int AS n FROM trigger.notifications WHERE transaction_id = ANY($1) GROUP BY 1 HAVING count(*) > 1',
      [ids],
    )
  ).rows as { transaction_id: string; n: number }[];
  for (const row of notifications.slice(0, LISTED))
    problems.push(`duplicated notification: transactionId ${row.transaction_id} has ${row.n}`);
  const jobs = (
    await db.query(
      'SELECT transaction_id, environment_id, subscriber_id, step_id, step_type, status FROM trigger.jobs WHERE transaction_id = ANY($1)',
      [ids],
    )
  ).rows as JobRow[];

  const jobStatuses: Record<string, number> = {};
  const openTransactions = new Set<string>();
  const expected = new Map<string, JobRow>();
  const mergedKeys = new Set<string>();
  for (const job of jobs) {
    jobStatuses[`${job.step_type}:${job.status}`] = (jobStatuses[`${job.step_type}:${job.status}`] ?? 0) + 1;
    if (!TERMINAL.has(job.status)) {
      openTransactions.add(job.transaction_id);
      if (openTransactions.size <= LISTED)
        problems.push(`non-terminal job: ${job.step_type} ${job.status} in transactionId ${job.transaction_id}`);
    }
    if (!CHANNELS.has(job.step_type)) continue;
    const key = computeDeliveryKey({
      environmentId: job.environment_id,
      transactionId: job.transaction_id,
      subscriberId: job.subscriber_id,
      stepId: job.step_id,
    });
    if (job.status === 'merged') mergedKeys.add(key);
    else expected.set(key, job);
  }
  const withJobs = new Set(jobs.map((job) => job.transaction_id));
  const terminal = ids.filter((id) => withJobs.has(id) && !openTransactions.has(id)).length;

  // Receivers: every copy of every key, in arrival order for the mails.
  const mailCopies = new Map<string, number[]>();
  mails.forEach((mail, index) => {
    const key =
      /^<([0-9a-f]{64})@/.exec(mail.headers.get('message-id') ?? '')?.[1] ??
      mail.headers.get('x-herald-delivery-key') ??
      `unkeyed-${index}`;
    mailCopies.set(key, [...(mailCopies.get(key) ?? []), index]);
  });
  const inbox = (await db.query('SELECT delivery_key, count(*)::int AS n FROM runner_in_app.inbox_messages GROUP BY 1'))
    .rows as { delivery_key: string; n: number }[];
  const received = new Map<string, number>(inbox.map((row) => [row.delivery_key, row.n]));
  for (const [key, copies] of mailCopies) received.set(key, (received.get(key) ?? 0) + copies.length);

  let delivered = 0;
  let missing = 0;
  for (const [key, job] of expected) {
    if (received.has(key)) {
      delivered += 1;
      continue;
    }
    missing += 1;
    if (missing <= LISTED)
      problems.push(
        `missing delivery: ${job.step_type} job ${job.status} of #${byTransaction.get(job.transaction_id)?.index} (${byTransaction.get(job.transaction_id)?.kind}) transactionId ${job.transaction_id}, key ${key}`,
      );
  }
  let doubled = 0;
  let inDoubt = 0;
  for (const [key, copies] of mailCopies) {
    for (const later of copies.slice(1)) {
      const verdict = classifyCopy(arrivals[copies[0]], arrivals[later], windows);
      if (verdict.inDoubt) inDoubt += 1;
      else doubled += 1;
      problems.push(
        `${verdict.inDoubt ? 'in-doubt resend' : 'doubled'}: mail key ${key}, copies #${copies.join(', #')}: ${verdict.reason}`,
      );
    }
  }
  for (const row of inbox.filter((entry) => entry.n > 1)) {
    doubled += row.n - 1;
    problems.push(`doubled: inbox key ${row.delivery_key} stored ${row.n} times`);
  }
  const unexpectedKeys = [...received.keys()].filter((key) => !expected.has(key));
  for (const key of unexpectedKeys.slice(0, LISTED))
    problems.push(
      `unexpected delivery: key ${key}${mergedKeys.has(key) ? ' belongs to a MERGED digest follower' : ' matches no channel job'}`,
    );

  const digest = await digestTotals(db, acked);
  if (digest.expected !== digest.counted)
    problems.push(
      `digest events: ${digest.counted} counted in delivered digests, ${digest.expected} acknowledged (per subscriber: ${digest.mismatches.join('; ')})`,
    );

  return {
    counts: {
      planned: triggers.length,
      acknowledged: acked.length,
      rejected: triggers.filter((trigger) => trigger.rejected).length,
      unacknowledged: triggers.filter((trigger) => !trigger.transactionId && !trigger.rejected).length,
      lostTriggers: lost.length,
      duplicatedNotifications: notifications.length,
      terminal,
      nonTerminalJobs: jobs.filter((job) => !TERMINAL.has(job.status)).length,
      jobStatuses,
      expected: expected.size,
      delivered,
      missing,
      doubled,
      inDoubt,
      unexpected: unexpectedKeys.length,
      digestEventsExpected: digest.expected,
      digestEventsCounted: digest.counted,
    },
    problems,
  };
}

/** Sums `total_count` (the digest message's body) per digest subscriber against the digest triggers acknowledged for them. */
async function digestTotals(
  db: Queryable,
  acked: readonly PlannedTrigger[],
): Promise<{ expected: number; counted: number; mismatches: string[] }> {
  const digestTriggers = acked.filter((trigger) => trigger.kind === 'digest-in-app');
  const rows = (
    await db.query('SELECT subscriber_id, body FROM runner_in_app.inbox_messages WHERE transaction_id = ANY($1)', [
      digestTriggers.map((trigger) => trigger.transactionId),
    ])
  ).rows as { subscriber_id: string; body: string }[];
  const owed = new Map<string, number>();
  for (const trigger of digestTriggers) owed.set(trigger.subscriberId, (owed.get(trigger.subscriberId) ?? 0) + 1);
  const counted = new Map<string, number>();
  for (const row of rows)
    counted.set(row.subscriber_id, (counted.get(row.subscriber_id) ?? 0) + (Number.parseInt(row.body, 10) || 0));
  const mismatches = [...owed]
    .filter(([subscriber, n]) => counted.get(subscriber) !== n)
    .map(([subscriber, n]) => `${subscriber} ${counted.get(subscriber) ?? 0}/${n}`);
  return { expected: digestTriggers.length, counted: [...counted.values()].reduce((sum, n) => sum + n, 0), mismatches };
}

/**
 * Why a key's mail arrived again. In doubt (0012) only when runner-email was killed after the
 * first copy arrived, with that send plausibly still unrecorded: within `IN_FLIGHT_MS` of it, or —
 * when the copy arrived while Postgres was down (or just back) — before the runner could have
 * recorded it once Postgres was back (`RECORD_GRACE_MS`; it keeps retrying the record meanwhile
 * and remembers the outcome for the message's retry, but a killed process forgets). A first copy
 * that arrived during an outage with the runner alive long enough afterwards was a send whose
 * outcome was known and should have been recorded: doubled.
 */
export function classifyCopy(
  first: number | undefined,
  later: number | undefined,
  windows: readonly DisruptionWindow[],
): { inDoubt: boolean; reason: string } {
  if (first === undefined || later === undefined) return { inDoubt: false, reason: 'arrival time unknown' };
  const at = (time: number) => `${new Date(time).toISOString().slice(11, 23)}`;
  const outage = windows.find(
    (window) =>
      window.kind === 'postgres' && window.from - RECORD_LEAD_MS <= first && first <= window.to + RECORD_GRACE_MS,
  );
  const kill = windows.find(
    (window) =>
      window.kind === 'kill-runner-email' &&
      first <= window.from + KILL_TAIL_MS &&
      window.from <= later &&
      window.from - first <= IN_FLIGHT_MS,
  );
  if (outage) {
    const recordableBy = outage.to + RECORD_GRACE_MS;
    if (kill && kill.from <= recordableBy) {
      return {
        inDoubt: true,
        reason: `first copy ${at(first)} arrived during (or just before) ${outage.label} (${at(outage.from)}–${at(outage.to)}); ${kill.label} at ${at(kill.from)}, before the runner could record it; sent again ${at(later)} with the same key`,
      };
    }
    return {
      inDoubt: false,
      reason: `first copy ${at(first)} arrived during (or just before) ${outage.label} (${at(outage.from)}–${at(outage.to)}): the send's outcome was known but not recorded; sent again ${at(later)}`,
    };
  }
  if (kill)
    return {
      inDoubt: true,
      reason: `first copy ${at(first)}, ${kill.label} at ${at(kill.from)} before it was recorded; sent again ${at(later)} with the same key`,
    };
  const between = windows.filter((window) => first <= window.to && window.from <= later).map((window) => window.label);
  return {
    inDoubt: false,
    reason: `first copy ${at(first)}, again ${at(later)}; disruptions in between: ${between.join(', ') || 'none'}`,
  };
}

/** Notes when each mail arrived (polling the receiver's append-only list), for `classifyCopy`. */
export function trackArrivals(mails: readonly unknown[]): { arrivals: number[]; stop(): void } {
  const arrivals: number[] = [];
  const note = () => {
    while (arrivals.length < mails.length) arrivals.push(Date.now());
  };
  const timer = setInterval(note, 50);
  return {
    arrivals,
    stop: () => {
      note();
      clearInterval(timer);
    },
  };
}
