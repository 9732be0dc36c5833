import { randomInt } from 'node:crypto';

/** How big and how rough one chaos run is. */
export interface ChaosProfile {
  name: 'ci' | 'full';
  /** Acknowledged triggers to send. */
  triggers: number;
  /** Triggers started per second (the load lasts about triggers / rate seconds). */
  ratePerSecond: number;
  /** Trigger requests in flight at most (retries included). */
  maxInFlight: number;
  /** Rounds of kill -9: each round kills trigger-worker, one runner and the gateway once. */
  killRounds: number;
  /** Seed of every random choice (kill moments, victims, workflow mix): the same seed replays the same plan. */
  seed: number;
  /** How long the system may take to settle after the load (every job terminal, queues drained). */
  settleTimeoutMs: number;
  /** Delay of each SMTP reply (a real provider takes a moment; crashes strike inside it). */
  smtpReplyDelayMs: number;
  /** Triggers among `triggers` that carry the test poison marker: each kills trigger-worker until quarantined. */
  poisonTriggers: number;
}

const FULL = { name: 'full', triggers: 5_000, ratePerSecond: 15, maxInFlight: 48, killRounds: 3 } as const;
const CI = { name: 'ci', triggers: 480, ratePerSecond: 6, maxInFlight: 24, killRounds: 1 } as const;

/**
 * The profile from the environment: `CHAOS_FULL=1` (what `npm run test:chaos -- --full` sets) is
 * 5,000 triggers with three rounds of kills; otherwise the CI profile, a few minutes on two cores.
 * `CHAOS_TRIGGERS`, `CHAOS_RATE`, `CHAOS_POISON` (0: no poison round) and `CHAOS_SEED` override single values.
 */
export function chaosProfileFromEnv(env: NodeJS.ProcessEnv = process.env): ChaosProfile {
  const full = env.CHAOS_FULL === '1' || env.CHAOS_FULL === 'true';
  const base: ChaosProfile = full
    ? { ...FULL, seed: 0, settleTimeoutMs: 900_000, smtpReplyDelayMs: 100, poisonTriggers: 8 }
    : { ...CI, seed: 0, settleTimeoutMs: 420_000, smtpReplyDelayMs: 100, poisonTriggers: 3 };
  const number = (name: string) => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
    return parsed;
  };
  return {
    ...base,
    triggers: number('CHAOS_TRIGGERS') ?? base.triggers,
    ratePerSecond: number('CHAOS_RATE') ?? base.ratePerSecond,
    poisonTriggers: env.CHAOS_POISON === '0' ? 0 : (number('CHAOS_POISON') ?? base.poisonTriggers),
    seed: number('CHAOS_SEED') ?? randomInt(1, 2 ** 31 - 1),
  };
}

/** A small seeded PRNG (mulberry32), so a failing run's plan can be replayed with its printed seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A copy in random order. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
