import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { RestartBackoff, type RestartBackoffOptions } from '../../tools/dev/restart-backoff';

const ROOT = path.resolve(__dirname, '..', '..');
const KEPT_LINES = 2_000;

/** Where a service process runs from. */
export interface ServiceProcessOptions {
  /**
   * The build output to run (default `<repo>/dist`). The chaos suite runs from a snapshot of it,
   * so a rebuild of `dist/` meanwhile cannot change (or remove) what a restarted service runs.
   */
  distDir?: string;
  /**
   * Start the service again when it dies on its own (not by `kill` or `stop`), after this back-off —
   * as `npm start` and Kubernetes do. Off by default: most suites want a crash to fail them.
   */
  restartOnCrash?: RestartBackoffOptions;
}

/**
 * One Herald service running as its own OS process from the build output (`dist/apps/<app>`), as
 * `npm start` runs it. Its stdout and stderr are kept in memory and shown only when a test fails.
 * It can be killed (`SIGKILL`, no draining) and started again on the same port with the same
 * environment, as a supervisor would after a crash.
 */
export class ServiceProcess {
  private child!: ChildProcess;
  private readonly lines: string[] = [];
  private exited = false;
  private readonly entry: string;
  private starts = 0;
  private startedAt = 0;
  private expectedExit = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly backoff?: RestartBackoff;
  /** Times the service died on its own (and, with `restartOnCrash`, was started again). */
  crashes = 0;

  constructor(
    readonly app: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    options: ServiceProcessOptions = {},
  ) {
    this.entry = path.join(options.distDir ?? path.join(ROOT, 'dist'), 'apps', app, 'src', 'main.js');
    this.backoff = options.restartOnCrash ? new RestartBackoff(options.restartOnCrash) : undefined;
    this.spawn();
  }

  /** True while a crashed service waits for its restart. */
  get restartPending(): boolean {
    return this.restartTimer !== undefined;
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.port}/health/ready`;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** The OS process id of the current incarnation. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The captured output, each line prefixed with the service name. */
  output(): string {
    return this.lines.map((line) => `[${this.app}] ${line}`).join('\n');
  }

  /** SIGTERM (the service drains), then SIGKILL when it is still running after `timeoutMs`. */
  stop(timeoutMs: number): Promise<void> {
    this.expectExit();
    if (this.exited) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const killer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      this.child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      this.child.kill('SIGTERM');
    });
  }

  /** `kill -9`: the process dies at once, without draining, mid-transaction and mid-send. Resolves once it is gone. */
  kill(): Promise<void> {
    this.expectExit();
    if (this.exited) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }

  /** Starts the service again (same app, port and environment); the previous incarnation must have exited. */
  restart(): void {
    if (!this.exited) throw new Error(`${this.app} is still running (pid ${this.child.pid}); kill or stop it first`);
    this.expectExit();
    this.spawn();
  }

  // Whatever ends the current incarnation now was asked for: no automatic restart follows it.
  private expectExit(): void {
    this.expectedExit = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  private spawn(): void {
    this.starts += 1;
    if (this.starts > 1) this.keep(`[restart #${this.starts - 1}]`);
    this.exited = false;
    this.expectedExit = false;
    this.startedAt = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', this.entry], {
      cwd: ROOT,
      env: { ...this.env, HTTP_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.keep(line);
      });
    }
    child.on('exit', (code, signal) => {
      // A late exit of an earlier incarnation must not mark the current one as gone.
      if (this.child === child) this.exited = true;
      this.keep(`[process exited: ${signal ?? `code ${code}`}]`);
      if (this.child !== child || this.expectedExit) return;
      this.crashes += 1;
      if (!this.backoff) return;
      const delayMs = this.backoff.nextDelay(Date.now() - this.startedAt);
      this.keep(`[crashed; restarting in ${delayMs} ms]`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.spawn();
      }, delayMs);
    });
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }
}
