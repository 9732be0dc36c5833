import { expectEventually } from '@herald/testing';
import { io, type Socket } from 'socket.io-client';

/** One event a socket received. */
export interface SocketEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary payload fields
  payload: any;
}

/** Why a handshake was refused (`connect_error`). */
export interface SocketRefused {
  message: string;
  data?: { statusCode: number; message: string; retryAfter?: number };
}

/**
 * A socket.io client opened exactly as `@novu/js` 3.19 opens its (non-Cloud) socket:
 * `io(socketUrl, { reconnectionDelayMax: 10000, transports: ['websocket'], query: { token } })`.
 * Records every event it receives, in order.
 */
export class NovuSocketClient {
  readonly events: SocketEvent[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload }));
  }

  /** Connects and waits for the server's answer: the client, or why it was refused. */
  static connect(socketUrl: string, token: string | undefined): Promise<NovuSocketClient | SocketRefused> {
    const socket = io(socketUrl, {
      reconnectionDelayMax: 10_000,
      transports: ['websocket'],
      query: { token: `${token}` },
      forceNew: true,
    });
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(new NovuSocketClient(socket)));
      socket.once('connect_error', (error: Error & { data?: SocketRefused['data'] }) => {
        socket.close();
        resolve({ message: error.message, data: error.data });
      });
    });
  }

  /** Connects and expects to be accepted. */
  static async open(socketUrl: string, token: string): Promise<NovuSocketClient> {
    const answer = await NovuSocketClient.connect(socketUrl, token);
    if (!(answer instanceof NovuSocketClient)) throw new Error(`socket refused: ${JSON.stringify(answer)}`);
    return answer;
  }

  /** The payloads received for `event`, in order. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary payload fields
  received(event: string): any[] {
    return this.events.filter((entry) => entry.event === event).map((entry) => entry.payload);
  }

  /** Waits until `event` was received `count` times (generous deadline), and answers its payloads. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary payload fields
  async waitFor(event: string, count = 1): Promise<any[]> {
    await expectEventually(() => expect(this.received(event).length).toBeGreaterThanOrEqual(count), {
      timeoutMs: 20_000,
    });
    return this.received(event);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.close();
  }
}
