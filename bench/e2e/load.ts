import { performance } from 'node:perf_hooks';

/** Wall-clock time in ms with sub-ms precision (comparable with Postgres timestamps on the same host). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** When one request was sent and when its acknowledgement (a 201, a broker confirm) arrived. */
export interface Sent {
  sentAt: number;
  ackedAt: number;
}

export interface LoadOptions {
  count: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** When given, requests start on a fixed schedule (open loop) at this many per second. */
  ratePerSecond?: number;
  /** Sends request `index`; resolves when it is acknowledged, throws when it is not. */
  send: (index: number) => Promise<void>;
}

/**
 * Sends `count` requests, closed-loop with `concurrency` workers, or on a fixed schedule when
 * `ratePerSecond` is given (still never more than `concurrency` in flight: a request late for its
 * slot is sent as soon as one finishes, and its latency counts from when it was actually sent).
 */
export async function runLoad(options: LoadOptions): Promise<Sent[]> {
  const sent: Sent[] = new Array(options.count);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next;
      if (index >= options.count) return;
      next += 1;
      if (options.ratePerSecond) {
        const due = started + (index * 1000) / options.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const sentAt = wallClockMs();
      await options.send(index);
      sent[index] = { sentAt, ackedAt: wallClockMs() };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  return sent;
}
