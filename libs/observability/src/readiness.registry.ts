import { Injectable, Logger } from '@nestjs/common';

/** A dependency the service needs in order to do its work (database, broker, cache, …). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<void>;
}

/**
 * What `/health/ready` answers: which dependencies are down, never why. Error text can name hosts,
 * users, databases and paths, and the route is public; the reason goes to the log.
 */
export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, { ok: boolean }>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Collects the readiness checks modules register. A service is ready when every check passes and
 * it is not draining; once SIGTERM arrives it reports not-ready so traffic moves elsewhere.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly logger = new Logger('Readiness');
  private readonly checks = new Map<string, ReadinessCheck>();
  /** The last failure logged per check, so a probe every few seconds logs a change, not every answer. */
  private readonly failing = new Map<string, string>();
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  markDraining(): void {
    this.draining = true;
  }

  /** Runs every check; a failure's message is logged (once until it changes), not reported. */
  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, name);
          this.recovered(name);
          return [name, { ok: true }] as const;
        } catch (error) {
          this.failed(name, error instanceof Error ? error.message : String(error));
          return [name, { ok: false }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { ready: !this.draining && entries.every(([, result]) => result.ok), draining: this.draining, checks };
  }

  private failed(name: string, error: string): void {
    if (this.failing.get(name) === error) return;
    this.failing.set(name, error);
    this.logger.warn({ msg: 'readiness check failed', check: name, error });
  }

  private recovered(name: string): void {
    if (this.failing.delete(name)) this.logger.log({ msg: 'readiness check passes again', check: name });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
