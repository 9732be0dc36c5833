/** How a supervisor spaces the restarts of a crashing service. */
export interface RestartBackoffOptions {
  /** Delay before the first restart (default 1 s). */
  initialDelayMs?: number;
  /** Longest delay; each crash in a row doubles it up to this (default 30 s). */
  maxDelayMs?: number;
  /** A service that ran this long before dying starts the series again (default 60 s). */
  resetAfterMs?: number;
}

/**
 * Crash-loop back-off, as Kubernetes does for a restarting container: 1 s, 2 s, 4 s … up to 30 s
 * between restarts while a service keeps dying, back to 1 s once it ran for a minute.
 */
export class RestartBackoff {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly resetAfterMs: number;
  private crashesInARow = 0;

  constructor(options: RestartBackoffOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.resetAfterMs = options.resetAfterMs ?? 60_000;
  }

  /** The service died after running `upMs`: how long to wait before starting it again. */
  nextDelay(upMs: number): number {
    if (upMs >= this.resetAfterMs) this.crashesInARow = 0;
    const delay = Math.min(this.initialDelayMs * 2 ** this.crashesInARow, this.maxDelayMs);
    this.crashesInARow += 1;
    return delay;
  }
}
