import type { ChaosProfile } from './chaos-profile';
import type { DeliveryAudit } from './delivery-audit';
import type { DisruptionRecord } from './disruption-plan';
import { describe } from './disruption-plan';
import type { RetryTally } from './trigger-load';

/** Everything one run printed, also written as JSON for CI artifacts. */
export interface ChaosReport {
  profile: ChaosProfile;
  loadSeconds: number;
  settleSeconds: number;
  totalSeconds: number;
  retries: Record<string, number>;
  disruptions: {
    what: string;
    afterTriggers: number;
    atSeconds: number;
    downSeconds: number;
    readyAfterSeconds: number;
  }[];
  deadLettered: Record<string, number>;
  counts: DeliveryAudit['counts'];
  /** The poison round (decision 0030): triggers carrying the test marker, accounted apart from the deliveries. */
  poison: PoisonCounts;
  problems: string[];
}

/** What became of the poison triggers. */
export interface PoisonCounts {
  planned: number;
  acknowledged: number;
  /** Quarantined by trigger-worker and shown as failed in the activity feed. */
  quarantined: number;
  /** Times trigger-worker died on its own (poison), each time started again by the harness. */
  workerCrashes: number;
}

/** Builds the report from the run's parts. */
export function buildReport(parts: {
  profile: ChaosProfile;
  loadMs: number;
  settleMs: number;
  totalMs: number;
  retries: RetryTally;
  disruptions: DisruptionRecord[];
  deadLettered: Map<string, number>;
  audit: DeliveryAudit;
  poison: PoisonCounts;
}): ChaosReport {
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return {
    profile: parts.profile,
    loadSeconds: seconds(parts.loadMs),
    settleSeconds: seconds(parts.settleMs),
    totalSeconds: seconds(parts.totalMs),
    retries: Object.fromEntries(parts.retries),
    disruptions: parts.disruptions.map((record) => ({
      what: describe(record.disruption),
      afterTriggers: record.afterTriggers,
      atSeconds: seconds(record.startedAtMs),
      downSeconds: seconds(record.downMs),
      readyAfterSeconds: seconds(record.recoveredAfterMs),
    })),
    deadLettered: Object.fromEntries([...parts.deadLettered].filter(([, n]) => n > 0)),
    counts: parts.audit.counts,
    poison: parts.poison,
    problems: parts.audit.problems,
  };
}

/** The human-readable summary: the counts the issue asks for first, then what was done to the system. */
export function formatReport(report: ChaosReport): string {
  const c = report.counts;
  const lines = [
    `chaos run (${report.profile.name} profile, seed ${report.profile.seed}): ${c.planned} triggers at ${report.profile.ratePerSecond}/s, load ${report.loadSeconds} s, settled after ${report.settleSeconds} s, total ${report.totalSeconds} s`,
    `  acknowledged ${c.acknowledged}   rejected ${c.rejected}   unacknowledged ${c.unacknowledged}   lost triggers ${c.lostTriggers}   duplicated notifications ${c.duplicatedNotifications}`,
    `  terminal ${c.terminal}/${c.acknowledged} triggers   non-terminal jobs ${c.nonTerminalJobs}`,
    `  deliveries: expected ${c.expected}   delivered ${c.delivered}   missing ${c.missing}   doubled ${c.doubled}   in-doubt ${c.inDoubt}   unexpected ${c.unexpected}`,
    `  digest events counted ${c.digestEventsCounted}/${c.digestEventsExpected}`,
    `  poison triggers: planned ${report.poison.planned}   acknowledged ${report.poison.acknowledged}   ` +
      `quarantined ${report.poison.quarantined}   trigger-worker crashes ${report.poison.workerCrashes}`,
    `  job statuses: ${Object.entries(c.jobStatuses)
      .sort()
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
    `  client retries: ${
      Object.entries(report.retries)
        .map(([reason, n]) => `${reason} ${n}`)
        .join(', ') || 'none'
    }`,
    `  dead-lettered: ${
      Object.entries(report.deadLettered)
        .map(([queue, n]) => `${queue} ${n}`)
        .join(', ') || 'none'
    }`,
    '  disruptions:',
    ...report.disruptions.map(
      (d) =>
        `    t+${d.atSeconds}s (after ${d.afterTriggers} triggers) ${d.what}, down ${d.downSeconds} s, ready again after ${d.readyAfterSeconds} s`,
    ),
  ];
  if (report.problems.length > 0) lines.push('  findings:', ...report.problems.map((problem) => `    ${problem}`));
  return lines.join('\n');
}
