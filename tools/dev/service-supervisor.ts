import { RestartBackoff } from './restart-backoff';

/** The part of a child process the supervisor uses. */
export interface SupervisedChild {
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  kill(signal: NodeJS.Signals): boolean;
}

/** Timers and clock, injectable so the restart logic can be tested without waiting. */
export interface SupervisorClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/** What a supervisor needs: how to start the service, how to space restarts, where to say what happened. */
export interface ServiceSupervisorOptions {
  name: string;
  spawn: () => SupervisedChild;
  backoff?: RestartBackoff;
  log: (line: string) => void;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 30 s). */
  stopTimeoutMs?: number;
  clock?: SupervisorClock;
}

const systemClock: SupervisorClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/**
 * Keeps one service process running, as Kubernetes would: when it dies without being asked to,
 * it is started again after a back-off (`RestartBackoff`). `stop()` ends the supervision: no
 * restart is pending or started afterwards, and the running process gets SIGTERM, then SIGKILL.
 */
export class ServiceSupervisor {
  private child?: SupervisedChild;
  private startedAt = 0;
  private restartTimer?: unknown;
  private stopping = false;
  private restarts = 0;
  private readonly backoff: RestartBackoff;
  private readonly clock: SupervisorClock;

  constructor(private readonly options: ServiceSupervisorOptions) {
    this.backoff = options.backoff ?? new RestartBackoff();
    this.clock = options.clock ?? systemClock;
  }

  /** Restarts so far. */
  get restartCount(): number {
    return this.restarts;
  }

  /** True while a restart waits for its back-off. */
  get restartPending(): boolean {
    return this.restartTimer !== undefined;
  }

  /** Starts the service (once). */
  start(): void {
    if (this.child || this.stopping) return;
    this.launch();
  }

  /** Stops supervising and the service; resolves once no process of it is left. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== undefined) this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = this.clock.setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 30_000);
      child.once('exit', () => {
        this.clock.clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private launch(): void {
    const child = this.options.spawn();
    this.child = child;
    this.startedAt = this.clock.now();
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const upMs = this.clock.now() - this.startedAt;
      const delayMs = this.backoff.nextDelay(upMs);
      const how = signal ?? `code ${code}`;
      const restarting = `restarting in ${formatSeconds(delayMs)}`;
      this.options.log(`${this.options.name} exited unexpectedly (${how}) after ${formatSeconds(upMs)}; ${restarting}`);
      this.restartTimer = this.clock.setTimeout(() => {
        this.restartTimer = undefined;
        if (this.stopping) return;
        this.restarts += 1;
        this.launch();
      }, delayMs);
    });
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
