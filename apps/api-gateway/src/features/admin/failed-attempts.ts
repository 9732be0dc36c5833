/** Failed guesses one client address may make before it is locked out. */
export const OPERATOR_TOKEN_MAX_FAILURES = 10;
/** How long the lockout lasts, counted from the address's first failure in the window. */
export const OPERATOR_TOKEN_LOCKOUT_MS = 15 * 60_000;
/** Addresses tracked at most; beyond it the oldest windows are forgotten (memory stays bounded). */
const MAX_ADDRESSES = 10_000;

/**
 * Failed authentication attempts per client address, in fixed windows, in this replica's memory:
 * with N replicas an address gets at most N × `limit` guesses per window, which is what bounds a
 * 256-bit token search (it does not need to be exact).
 */
export class FailedAttempts {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly limit = OPERATOR_TOKEN_MAX_FAILURES,
    private readonly windowMs = OPERATOR_TOKEN_LOCKOUT_MS,
  ) {}

  /** Whole seconds until `address` may try again; 0 when it may try now. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const window = this.windows.get(address);
    if (!window || window.resetAt <= now) return 0;
    return window.failures >= this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  recordFailure(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window && window.resetAt > now) {
      window.failures += 1;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= MAX_ADDRESSES) this.forgetOldest(now);
    this.windows.set(address, { failures: 1, resetAt: now + this.windowMs });
  }

  /** A correct token clears the address's count (an operator's typos do not add up over days). */
  recordSuccess(address: string): void {
    this.windows.delete(address);
  }

  private forgetOldest(now: number): void {
    for (const [address, window] of this.windows) {
      if (window.resetAt <= now || this.windows.size >= MAX_ADDRESSES) this.windows.delete(address);
      if (this.windows.size < MAX_ADDRESSES / 2) return;
    }
  }
}
