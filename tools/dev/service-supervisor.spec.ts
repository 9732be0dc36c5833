import { EventEmitter } from 'node:events';

import { RestartBackoff } from './restart-backoff';
import { ServiceSupervisor, type SupervisedChild, type SupervisorClock } from './service-supervisor';

class FakeChild extends EventEmitter implements SupervisedChild {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: NodeJS.Signals[] = [];

  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    if (signal === 'SIGKILL') this.die(null, 'SIGKILL');
    return true;
  }

  die(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

/** A clock whose time moves only when the test says, and whose timers run only then. */
class FakeClock implements SupervisorClock {
  time = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(timer: unknown): void {
    this.timers.delete(timer as number);
  }

  /** Delays of the pending timers, shortest first. */
  pending(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }

  /** Moves the time on to the next timer and runs it. */
  runNext(): void {
    const [id, timer] = [...this.timers].sort(([, a], [, b]) => a.at - b.at)[0];
    this.timers.delete(id);
    this.time = timer.at;
    timer.callback();
  }
}

function supervised(options: { stopTimeoutMs?: number } = {}) {
  const clock = new FakeClock();
  const children: FakeChild[] = [];
  const lines: string[] = [];
  const supervisor = new ServiceSupervisor({
    name: 'trigger-worker',
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    log: (line) => lines.push(line),
    clock,
    ...options,
  });
  return { clock, children, lines, supervisor };
}

describe('RestartBackoff', () => {
  it('doubles from 1 s to 30 s while the service keeps dying, and starts over after a minute up', () => {
    const backoff = new RestartBackoff();
    const delays = [0, 0, 0, 0, 0, 0, 0].map(() => backoff.nextDelay(500));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(backoff.nextDelay(60_000)).toBe(1_000);
    expect(backoff.nextDelay(59_999)).toBe(2_000);
  });
});

describe('ServiceSupervisor', () => {
  it('starts a crashed service again after the back-off, each crash in a row waiting longer', () => {
    const { clock, children, lines, supervisor } = supervised();
    supervisor.start();
    children[0].die(null, 'SIGKILL');
    expect(clock.pending()).toEqual([1_000]);
    expect(children).toHaveLength(1);
    clock.runNext();
    expect(children).toHaveLength(2);
    children[1].die(137, null);
    expect(clock.pending()).toEqual([2_000]);
    clock.runNext();
    expect(children).toHaveLength(3);
    expect(supervisor.restartCount).toBe(2);
    expect(lines).toEqual([
      'trigger-worker exited unexpectedly (SIGKILL) after 0 s; restarting in 1 s',
      'trigger-worker exited unexpectedly (code 137) after 0 s; restarting in 2 s',
    ]);
  });

  it('goes back to a short delay once the service stayed up for a minute', () => {
    const { clock, children, supervisor } = supervised();
    supervisor.start();
    children[0].die(1, null);
    clock.runNext();
    children[1].die(1, null);
    clock.runNext();
    clock.time += 60_000;
    children[2].die(1, null);
    expect(clock.pending()).toEqual([1_000]);
  });

  it('stop() cancels a pending restart, so no process is started after it', async () => {
    const { clock, children, supervisor } = supervised();
    supervisor.start();
    children[0].die(null, 'SIGKILL');
    expect(supervisor.restartPending).toBe(true);
    await supervisor.stop();
    expect(clock.pending()).toEqual([]);
    expect(children).toHaveLength(1);
    expect(supervisor.restartPending).toBe(false);
  });

  it('stop() sends SIGTERM, then SIGKILL when the service does not exit, and never restarts it', async () => {
    const { clock, children, supervisor } = supervised({ stopTimeoutMs: 5_000 });
    supervisor.start();
    const stopped = supervisor.stop();
    expect(children[0].signals).toEqual(['SIGTERM']);
    clock.runNext();
    await stopped;
    expect(children[0].signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(clock.pending()).toEqual([]);
    expect(children).toHaveLength(1);
  });

  it('stop() of a service that exits on SIGTERM resolves once it is gone', async () => {
    const { clock, children, supervisor } = supervised();
    supervisor.start();
    const stopped = supervisor.stop();
    children[0].die(0, null);
    await stopped;
    expect(clock.pending()).toEqual([]);
    expect(children).toHaveLength(1);
  });
});
