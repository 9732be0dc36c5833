import type { InboxMessage } from '@herald/contracts';

import { sseComment, sseEvent, sseRetry } from './sse-frame';

/** Where a stream's frames go (the HTTP response, in production). */
export interface SseSink {
  /** Writes a frame; false when the socket's buffer is full. */
  write(frame: string): boolean;
  end(): void;
  /** Bytes written but not yet flushed to the socket. */
  readonly bufferedBytes: number;
}

/** How a stream behaves. */
export interface InboxStreamOptions {
  /** How long a live message is held back so that a lower `seq` committed a little later goes first. */
  settleMs: number;
  heartbeatMs: number;
  /** A client slower than this many buffered bytes is cut off; it reconnects with `Last-Event-ID`. */
  maxBufferedBytes: number;
  /** Turns a message into the event's JSON. */
  render(message: InboxMessage): string;
  /** Called once when the stream ends, whoever ended it. */
  onClose(): void;
}

/** The SSE event name of a new inbox message (Novu's socket event). */
export const NOTIFICATION_RECEIVED_EVENT = 'notification_received';
const RECENT_LIMIT = 2_000;
const RECONNECT_AFTER_MS = 2_000;

/**
 * One subscriber's open SSE connection. Event ids are the inbox `seq` (the resumption cursor):
 * live messages are sent in `seq` order after a short settle time, and a message that was
 * committed after a higher one was already sent (a race between concurrent deliveries) is still
 * sent, under the current cursor as its id, so a reconnect neither repeats nor skips it.
 * Messages are de-duplicated by `seq` (the broker delivers at least once).
 */
export class InboxStream {
  private cursor: number | undefined;
  /** The client said it has everything up to here (`Last-Event-ID`). */
  private readonly floor: number;
  private readonly pending = new Map<number, { message: InboxMessage; observedAt: number }>();
  private readonly recent = new Set<number>();
  private resumed = false;
  private closed = false;
  private flushTimer?: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly sink: SseSink,
    private readonly options: InboxStreamOptions,
    lastEventId: number | undefined,
  ) {
    this.cursor = lastEventId;
    this.floor = lastEventId ?? 0;
    this.write(sseRetry(RECONNECT_AFTER_MS) + sseComment('connected'));
    this.heartbeat = setInterval(() => this.write(sseComment('heartbeat')), options.heartbeatMs);
    this.heartbeat.unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A live message of this subscriber (held until the backlog was sent, then after settling). */
  offer(message: InboxMessage, now = Date.now()): void {
    if (this.closed || message.seq <= this.floor || this.recent.has(message.seq) || this.pending.has(message.seq))
      return;
    this.pending.set(message.seq, { message, observedAt: now });
    if (this.resumed) this.scheduleFlush(now);
  }

  /** Sends what the client missed (oldest first), then switches to live messages. */
  resume(backlog: readonly InboxMessage[]): void {
    if (this.closed || this.resumed) return;
    for (const message of [...backlog].sort((a, b) => a.seq - b.seq)) {
      this.pending.delete(message.seq);
      this.send(message);
    }
    this.resumed = true;
    this.flush();
  }

  /** Ends the stream (client gone, slow client, shutdown). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    this.pending.clear();
    this.sink.end();
    this.options.onClose();
  }

  private flush(now = Date.now()): void {
    this.flushTimer = undefined;
    if (this.closed) return;
    let eligible = -1;
    for (const [seq, entry] of this.pending) {
      if (entry.observedAt + this.options.settleMs <= now || (this.cursor !== undefined && seq <= this.cursor))
        eligible = Math.max(eligible, seq);
    }
    const due = [...this.pending.keys()].filter((seq) => seq <= eligible).sort((a, b) => a - b);
    for (const seq of due) {
      const entry = this.pending.get(seq);
      this.pending.delete(seq);
      if (entry) this.send(entry.message);
    }
    if (this.pending.size > 0) this.scheduleFlush(now);
  }

  private scheduleFlush(now: number): void {
    if (this.flushTimer || this.closed) return;
    let earliest = Infinity;
    for (const [seq, entry] of this.pending)
      earliest = Math.min(
        earliest,
        this.cursor !== undefined && seq <= this.cursor ? now : entry.observedAt + this.options.settleMs,
      );
    this.flushTimer = setTimeout(() => this.flush(), Math.max(0, earliest - now));
  }

  private send(message: InboxMessage): void {
    if (this.recent.has(message.seq)) return;
    if (this.cursor === undefined || message.seq > this.cursor) this.cursor = message.seq;
    this.remember(message.seq);
    this.write(
      sseEvent({ id: String(this.cursor), event: NOTIFICATION_RECEIVED_EVENT, data: this.options.render(message) }),
    );
  }

  private remember(seq: number): void {
    this.recent.add(seq);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.values().next().value as number);
  }

  private write(frame: string): void {
    if (this.closed) return;
    this.sink.write(frame);
    if (this.sink.bufferedBytes > this.options.maxBufferedBytes) this.close();
  }
}
