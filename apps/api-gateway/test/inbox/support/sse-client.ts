import { expectEventually } from '@herald/testing';

/** One received server-sent event. */
export interface ReceivedEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A minimal EventSource over fetch (so tests can send headers and read comments): collects
 * events and comments as they arrive; `close()` aborts the request as a browser closing a tab would.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  readonly comments: string[] = [];
  private ended = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(response.status, response.headers, abort);
    if (response.ok && response.body) void client.read(response.body);
    else client.body = await response.json();
    return client;
  }

  /** The JSON error body of a refused stream. */
  body: unknown;

  get isEnded(): boolean {
    return this.ended;
  }

  /** Parsed `data` of the received events. */
  messages<T = Record<string, unknown>>(): T[] {
    return this.events.map((event) => JSON.parse(event.data) as T);
  }

  async waitForEvents(count: number, timeoutMs = 15_000): Promise<ReceivedEvent[]> {
    return expectEventually(
      () => {
        expect(this.events.length).toBeGreaterThanOrEqual(count);
        return this.events;
      },
      { timeoutMs },
    );
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted
    } finally {
      this.ended = true;
    }
  }

  private parse(frame: string): void {
    const event: ReceivedEvent = { data: '' };
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) event.id = line.slice(4);
      else if (line.startsWith('event: ')) event.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    event.data = data.join('\n');
    this.events.push(event);
  }
}
