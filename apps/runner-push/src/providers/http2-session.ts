import http2 from 'node:http2';
import net from 'node:net';
import { isIP } from 'node:net';
import tls from 'node:tls';

import { OutboundNetworkError, OutboundRefusedError, type SendContext } from '@herald/runner-kit';

/** One HTTP/2 answer; the body is read as UTF-8 text, capped at 64 KiB. */
export interface Http2Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * An HTTP/2 client session to one origin that honours the outbound guard: the host is resolved
 * through `context.guard` (refused addresses never get a socket) and the connection goes to the
 * checked address, TLS verified against the host name. `http:` origins speak h2c (tests only;
 * production origins are https). Errors are the kit's OutboundRefusedError/OutboundNetworkError.
 */
export class GuardedHttp2Session {
  private constructor(private readonly session: http2.ClientHttp2Session) {}

  static async open(origin: string, context: SendContext): Promise<GuardedHttp2Session> {
    const url = context.guard.checkUrl(origin);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let address: string;
    try {
      address = await context.guard.resolve(host);
    } catch (error) {
      throw classify(error);
    }
    const port = Number(url.port || (secure ? 443 : 80));
    const session = http2.connect(url.origin, {
      createConnection: () =>
        secure
          ? tls.connect({ host: address, port, ALPNProtocols: ['h2'], ...(isIP(host) ? {} : { servername: host }) })
          : net.connect({ host: address, port }),
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.destroy();
        reject(new OutboundNetworkError('timeout', `no HTTP/2 connection within ${context.timeoutMs} ms`));
      }, context.timeoutMs);
      session.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      session.once('error', (error) => {
        clearTimeout(timer);
        reject(classify(error));
      });
    });
    session.on('error', () => undefined);
    return new GuardedHttp2Session(session);
  }

  /** Sends one request on the session, with a deadline. */
  request(headers: http2.OutgoingHttpHeaders, body: string, timeoutMs: number): Promise<Http2Answer> {
    return new Promise<Http2Answer>((resolve, reject) => {
      const stream = this.session.request(headers);
      const chunks: Buffer[] = [];
      let size = 0;
      let answerHeaders: http2.IncomingHttpHeaders = {};
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new OutboundNetworkError('timeout', `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.on('response', (received) => void (answerHeaders = received));
      stream.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
        size += chunk.length;
      });
      stream.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: Number(answerHeaders[':status'] ?? 0),
          headers: answerHeaders,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      stream.on('error', (error) => {
        clearTimeout(timer);
        reject(classify(error));
      });
      stream.end(body);
    });
  }

  close(): void {
    this.session.close();
  }
}

function classify(error: unknown): Error {
  if (error instanceof OutboundRefusedError || error instanceof OutboundNetworkError) return error;
  const errno = (error as NodeJS.ErrnoException)?.code;
  if (errno === 'ENOTFOUND') return new OutboundNetworkError('dns', 'the host name does not resolve', errno);
  if (errno === 'ETIMEDOUT') return new OutboundNetworkError('timeout', `connection timed out (${errno})`, errno);
  return new OutboundNetworkError('unreachable', `HTTP/2 request failed (${errno ?? 'unknown error'})`, errno);
}
