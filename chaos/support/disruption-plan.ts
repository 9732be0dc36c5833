import type { ServiceName } from '../../tools/dev/services';
import type { SeededRandom } from './chaos-profile';
import { pause } from './run-command.util';

/** One thing done to the running system. */
export type Disruption =
  { kind: 'kill'; app: ServiceName } | { kind: 'restart-rabbitmq' } | { kind: 'restart-postgres' };

/** A disruption as it happened: when (ms after the load started) and for how long the victim was down. */
export interface DisruptionRecord {
  disruption: Disruption;
  afterTriggers: number;
  startedAtMs: number;
  downMs: number;
  /** The victim's way back (restart and readiness) took this long. */
  recoveredAfterMs: number;
  /** When the victim was ready again (ms after the load started). */
  readyAtMs: number;
}

/** What the plan acts on. */
export interface DisruptionTargets {
  kill(app: ServiceName): Promise<void>;
  restart(app: ServiceName): Promise<void>;
  stopRabbit(): Promise<void>;
  startRabbit(): Promise<void>;
  crashPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
}

/**
 * `kill -9` of trigger-worker, one runner (chosen at random) and the gateway per round, RabbitMQ and
 * Postgres once each, each due after a random number of triggers in the first 80 % of the load
 * (`afterTriggers`). Progress, not time: on a busy machine one disruption's recovery can take
 * longer than the load itself, and a disruption that strikes after the load ends proves little.
 */
export function planDisruptions(
  rounds: number,
  runners: readonly ServiceName[],
  triggers: number,
  random: SeededRandom,
): { afterTriggers: number; disruption: Disruption }[] {
  const disruptions: Disruption[] = [{ kind: 'restart-rabbitmq' }, { kind: 'restart-postgres' }];
  for (let round = 0; round < rounds; round++) {
    disruptions.push(
      { kind: 'kill', app: 'trigger-worker' },
      { kind: 'kill', app: random.pick(runners) },
      { kind: 'kill', app: 'api-gateway' },
    );
  }
  return random
    .shuffle(disruptions)
    .map((disruption) => ({ afterTriggers: Math.round(random.between(0.05, 0.8) * triggers), disruption }))
    .sort((a, b) => a.afterTriggers - b.afterTriggers);
}

/** A label for logs and the report. */
export function describe(disruption: Disruption): string {
  return disruption.kind === 'kill' ? `kill -9 ${disruption.app}` : disruption.kind;
}

/**
 * Runs the plan against the system, one disruption at a time (one that falls due while the last
 * is still recovering waits for it): down for a random 1–4 s (services) or 3–8 s (RabbitMQ,
 * Postgres), then back, waiting for readiness.
 */
export async function runDisruptions(
  plan: { afterTriggers: number; disruption: Disruption }[],
  targets: DisruptionTargets,
  random: SeededRandom,
  load: { startedAt: number; waitUntilSent(count: number): Promise<void> },
  log: (line: string) => void,
): Promise<DisruptionRecord[]> {
  const startedAt = load.startedAt;
  const records: DisruptionRecord[] = [];
  for (const { afterTriggers, disruption } of plan) {
    await load.waitUntilSent(afterTriggers);
    const struckAt = Date.now();
    const downMs = Math.round(disruption.kind === 'kill' ? random.between(1_000, 4_000) : random.between(3_000, 8_000));
    if (disruption.kind === 'kill') await targets.kill(disruption.app);
    else if (disruption.kind === 'restart-rabbitmq') await targets.stopRabbit();
    else await targets.crashPostgres();
    log(
      `t+${((struckAt - startedAt) / 1000).toFixed(1)}s after ${afterTriggers} triggers: ${describe(disruption)} (down ${(downMs / 1000).toFixed(1)} s)`,
    );
    await pause(downMs);
    const backAt = Date.now();
    if (disruption.kind === 'kill') await targets.restart(disruption.app);
    else if (disruption.kind === 'restart-rabbitmq') await targets.startRabbit();
    else await targets.startPostgres();
    const recoveredAfterMs = Date.now() - backAt;
    log(
      `t+${((Date.now() - startedAt) / 1000).toFixed(1)}s ${describe(disruption)}: back, ready after ${(recoveredAfterMs / 1000).toFixed(1)} s`,
    );
    records.push({
      disruption,
      afterTriggers,
      startedAtMs: struckAt - startedAt,
      downMs,
      recoveredAfterMs,
      readyAtMs: Date.now() - startedAt,
    });
  }
  return records;
}
