import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const KEPT_LINES = 2_000;

/**
 * One Herald service running as its own OS process from the build output (`dist/apps/<app>`), as
 * `npm start` runs it. Its stdout and stderr are kept in memory and shown only when a test fails.
 */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private exited = false;

  constructor(
    readonly app: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, ['--enable-source-maps', path.join(ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
      cwd: ROOT,
      env: { ...env, HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) this.keep(line);
      });
    }
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.keep(`[process exited: ${signal ?? `code ${code}`}]`);
    });
  }

  get healthUrl(): string {
    return `http://127.0.0.1:${this.port}/health/ready`;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** The captured output, each line prefixed with the service name. */
  output(): string {
    return this.lines.map((line) => `[${this.app}] ${line}`).join('\n');
  }

  /** SIGTERM (the service drains), then SIGKILL when it is still running after `timeoutMs`. */
  stop(timeoutMs: number): Promise<void> {
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

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
  }
}
