/**
 * A process-wide gate between ordinary message handling (shared: any number at once) and the
 * handling of a suspect (exclusive: alone). A pending exclusive turn holds back new shared work,
 * waits for the running shared work to finish, then runs with nothing else in flight — so when
 * the process dies during it, the suspect is the one message that was being handled.
 */
export class ExclusiveGate {
  private shared = 0;
  private exclusiveHeld = false;
  private exclusiveRequested = 0;
  private waiters: (() => void)[] = [];

  /** Handlers running in shared mode right now. */
  get sharedCount(): number {
    return this.shared;
  }

  /** True while an exclusive turn runs or waits for its turn. */
  get exclusivePending(): boolean {
    return this.exclusiveRequested > 0;
  }

  /** Runs `work` alongside other shared work, after any exclusive turn pending or running. */
  async runShared<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveRequested > 0) await this.nextChange();
    this.shared += 1;
    try {
      return await work();
    } finally {
      this.shared -= 1;
      this.changed();
    }
  }

  /** Runs `work` once no shared work and no other exclusive turn is running; new shared work waits meanwhile. */
  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    this.exclusiveRequested += 1;
    try {
      while (this.exclusiveHeld || this.shared > 0) await this.nextChange();
      this.exclusiveHeld = true;
      try {
        return await work();
      } finally {
        this.exclusiveHeld = false;
      }
    } finally {
      this.exclusiveRequested -= 1;
      this.changed();
    }
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // Every waiter re-checks its own condition: simple, and no wake-up can be lost.
  private changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
