// An open-loop HTTP load generator: requests start on a fixed schedule whatever the server's
// latency, as a steady stream of clients would send them. autocannon's rate option is not a pace —
// each connection sends flat out until its per-second quota is used, then waits for the next
// second — so its "70 % of peak" is 0.7 s of saturation a second. This one keeps `connections`
// keep-alive sockets, one request in flight on each; a request whose slot finds every socket busy
// waits for the first one free, and that wait counts in its latency (no coordinated omission). It
// writes prebuilt request bytes and reads only the status line and Content-Length, so it costs the
// shared CPU about what autocannon does per request (node:http's or undici's client cost twice that).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface PacedLoadOptions {
  url: string;
  path: string;
  /** Header lines sent with every request (no Host, Content-Length or Connection). */
  headers: Record<string, string>;
  /** Headers computed per request (e.g. a fresh idempotency key). */
  perRequestHeaders?: () => Record<string, string>;
  body: string;
  connections: number;
  ratePerSecond: number;
  seconds: number;
}

export interface PacedLoadResult {
  sent: number;
  /** Answers other than 2xx, and requests lost to a socket error. */
  failures: number;
  /** Requests per second actually started. */
  rps: number;
  /** Milliseconds from each request's slot to the end of its answer, ascending. */
  latencies: number[];
}

interface Connection {
  socket: net.Socket;
  buffered: Buffer;
  /** The slot time of the request in flight, or undefined when idle. */
  slot?: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

export async function pacedHttpLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const bodyBytes = Buffer.from(options.body);
  const fixed = Object.entries(options.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const head = `POST ${options.path} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\nContent-Length: ${bodyBytes.length}\r\n${fixed}`;
  const requestBytes = () => {
    const extra = Object.entries(options.perRequestHeaders?.() ?? {})
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    return Buffer.concat([Buffer.from(`${head}${extra}\r\n`), bodyBytes]);
  };

  const count = Math.round(options.ratePerSecond * options.seconds);
  const latencies: number[] = [];
  const waiting: number[] = [];
  const idle: Connection[] = [];
  let failures = 0;
  let finished = 0;
  let onAllFinished: () => void = () => undefined;
  const allFinished = new Promise<void>((resolve) => (onAllFinished = resolve));

  const complete = (connection: Connection, ok: boolean) => {
    if (connection.slot === undefined) return;
    latencies.push(performance.now() - connection.slot);
    if (!ok) failures += 1;
    connection.slot = undefined;
    finished += 1;
    if (finished === count) onAllFinished();
    else if (!connection.socket.destroyed) dispatch(connection);
  };
  const dispatch = (connection: Connection) => {
    const slot = waiting.shift();
    if (slot === undefined) return void idle.push(connection);
    connection.slot = slot;
    connection.socket.write(requestBytes());
  };
  const read = (connection: Connection, chunk: Buffer) => {
    connection.buffered = connection.buffered.length ? Buffer.concat([connection.buffered, chunk]) : chunk;
    const end = connection.buffered.indexOf(HEADER_END);
    if (end < 0) return;
    const headers = connection.buffered.subarray(0, end).toString('latin1');
    let bodyEnd: number;
    if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
      // Small answers only: the body ends at the last-chunk marker.
      const last = connection.buffered.indexOf(LAST_CHUNK, end + 4);
      if (last < 0) return;
      bodyEnd = last + LAST_CHUNK.length;
    } else {
      bodyEnd = end + 4 + Number(/\r\ncontent-length:\s*(\d+)/i.exec(headers)?.[1] ?? 0);
      if (connection.buffered.length < bodyEnd) return;
    }
    const status = Number(headers.slice(9, 12));
    connection.buffered = connection.buffered.subarray(bodyEnd);
    complete(connection, status >= 200 && status < 300);
  };

  const connections = await Promise.all(
    Array.from(
      { length: options.connections },
      () =>
        new Promise<Connection>((resolve, reject) => {
          const socket = net.connect(Number(target.port), target.hostname, () => {
            socket.off('error', reject);
            // A socket the server closes ends its request as a failure ('close'); the error itself needs no handling here.
            socket.on('error', () => undefined);
            resolve(connection);
          });
          const connection: Connection = { socket, buffered: Buffer.alloc(0) };
          socket.setNoDelay(true);
          socket.once('error', reject);
          socket.on('data', (chunk: Buffer) => read(connection, chunk));
          socket.on('close', () => complete(connection, false));
        }),
    ),
  );
  idle.push(...connections);

  const started = performance.now();
  for (let queued = 0; queued < count;) {
    const due = Math.min(count, Math.floor(((performance.now() - started) * options.ratePerSecond) / 1000) + 1);
    for (; queued < due; queued += 1) {
      waiting.push(started + (queued * 1000) / options.ratePerSecond);
      const connection = idle.pop();
      if (connection) dispatch(connection);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const sendingSeconds = (performance.now() - started) / 1000;
  await allFinished;
  for (const connection of connections) connection.socket.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: count, failures, rps: Math.round(count / sendingSeconds), latencies };
}

/** The value at `share` (0–1) of ascending `sorted`. */
export function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? Number.NaN;
}
