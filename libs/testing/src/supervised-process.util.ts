import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const KEPT_LINES = 500;

/** How one incarnation of a supervised process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A TypeScript entry point run as its own OS process (`@swc-node/register`), started again at once
 * whenever it dies without being asked to stop — a supervisor in miniature, for tests of what a
 * crash leaves behind. Counts the incarnations and keeps how each one ended, and its output.
 */
export class SupervisedTestProcess {
  /** How each incarnation that ended on its own ended, in order. */
  readonly crashes: ProcessExit[] = [];
  private child?: ChildProcess;
  private stopping = false;
  private readonly lines: string[] = [];
  private readonly readyWaiters: (() => void)[] = [];
  private readyLine = false;

  /** `entry`: relative to the repository root; `readyMarker`: the stdout line each incarnation prints when ready. */
  constructor(
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly readyMarker = 'ready',
  ) {
    this.spawn();
  }

  /** Incarnations started so far. */
  get starts(): number {
    return this.crashes.length + 1;
  }

  /** The captured output of every incarnation. */
  output(): string {
    return this.lines.join('\n');
  }

  /** Resolves once the current incarnation printed its ready line. */
  waitUntilReady(): Promise<void> {
    if (this.readyLine) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** SIGTERM (a graceful stop) and no restart; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<ProcessExit | undefined> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(killer);
        resolve({ code, signal });
      });
      child.kill('SIGTERM');
    });
  }

  private spawn(): void {
    this.readyLine = false;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, this.entry)], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const incarnation = this.starts;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.keep(incarnation, line);
      });
    }
    child.on('exit', (code, signal) => {
      this.keep(incarnation, `[exited: ${signal ?? `code ${code}`}]`);
      if (this.stopping) return;
      this.crashes.push({ code, signal });
      this.spawn();
    });
  }

  private keep(incarnation: number, line: string): void {
    if (line === this.readyMarker) {
      this.readyLine = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    }
    this.lines.push(`#${incarnation} ${line}`);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }
}
