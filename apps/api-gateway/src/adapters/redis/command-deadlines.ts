interface PendingCommand {
  deadline: number;
  fail(error: Error): void;
}

/** A Redis command that got no answer in time. */
export class RedisCommandTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
    this.name = 'RedisCommandTimeoutError';
  }
}

/**
 * Deadlines for Redis commands with one timer for all of them. node-redis's own per-command
 * timeout creates an AbortSignal and a timer for every command — a measurable share of the
 * trigger route — so the gateway's client runs without it and its commands are tracked here. The
 * deadline is checked every quarter of the timeout (at most once a second).
 */
export class CommandDeadlines {
  private readonly pending = new Set<PendingCommand>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly timeoutMs: number) {}

  /** `command`'s outcome, or a `RedisCommandTimeoutError` once the deadline passed. */
  track<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: PendingCommand = { deadline: Date.now() + this.timeoutMs, fail: reject };
      this.pending.add(entry);
      if (!this.timer) {
        this.timer = setInterval(() => this.sweep(), Math.min(1_000, Math.max(10, this.timeoutMs / 4)));
        this.timer.unref();
      }
      command.then(
        (value) => {
          if (this.pending.delete(entry)) resolve(value);
        },
        (error: unknown) => {
          if (this.pending.delete(entry)) reject(error);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.deadline > now) continue;
      this.pending.delete(entry);
      entry.fail(new RedisCommandTimeoutError(this.timeoutMs));
    }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
