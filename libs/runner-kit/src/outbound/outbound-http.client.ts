import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

import { OutboundGuard, OutboundRefusedError } from './outbound-guard';

/** One HTTP request to a provider or webhook. */
export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole-request deadline (connect, send, response); defaults to the client's. */
  timeoutMs?: number;
}

/** A provider's answer; the body is read as UTF-8 text, capped. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The request did not get an HTTP answer: what kind of trouble it was decides whether to retry. */
export class OutboundNetworkError extends Error {
  constructor(
    /** `timeout`, `unreachable` (refused, reset, unreachable host), `dns` (name does not exist) or `io`. */
    readonly kind: 'timeout' | 'unreachable' | 'dns' | 'io',
    message: string,
    /** The system error code, e.g. `ECONNREFUSED`. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'OutboundNetworkError';
  }
}

/** Client defaults. */
export interface OutboundHttpClientOptions {
  timeoutMs: number;
  /** Response bytes kept (default 1 MiB); the rest is discarded. */
  maxResponseBytes?: number;
  userAgent?: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
]);

/**
 * HTTP(S) for providers: every target passes the {@link OutboundGuard} (at connect time, on the
 * resolved addresses), every request has a deadline, answers are size-capped. Error messages
 * never carry the URL: webhook URLs are credentials.
 */
export class OutboundHttpClient {
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };

  constructor(
    readonly guard: OutboundGuard,
    private readonly options: OutboundHttpClientOptions,
  ) {}

  /** Sends the request; resolves with any HTTP status, rejects with OutboundRefusedError or OutboundNetworkError. */
  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const url = this.guard.checkUrl(request.url);
    const secure = url.protocol === 'https:';
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const maxBytes = this.options.maxResponseBytes ?? 1024 * 1024;
    const headers: Record<string, string | number> = {
      'user-agent': this.options.userAgent ?? 'Herald',
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    return new Promise<OutboundResponse>((resolve, reject) => {
      const options = {
        method: request.method,
        headers,
        lookup: this.guard.lookup,
        agent: secure ? this.agents.https : this.agents.http,
      };
      const req = (secure ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => fail(error));
      });
      const timer = setTimeout(
        () => req.destroy(new OutboundNetworkError('timeout', `no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error: unknown) => {
        clearTimeout(timer);
        reject(classify(error));
      };
      req.on('error', fail);
      req.end(request.body);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

function classify(error: unknown): Error {
  if (error instanceof OutboundRefusedError || error instanceof OutboundNetworkError) return error;
  const errno = (error as NodeJS.ErrnoException)?.code;
  if (errno === 'ENOTFOUND') return new OutboundNetworkError('dns', 'the host name does not resolve', errno);
  if (errno === 'ETIMEDOUT' || errno === 'ESOCKETTIMEDOUT')
    return new OutboundNetworkError('timeout', `connection timed out (${errno})`, errno);
  if (errno && UNREACHABLE.has(errno))
    return new OutboundNetworkError('unreachable', `connection failed (${errno})`, errno);
  if (errno?.startsWith('ERR_TLS') || errno?.includes('CERT'))
    return new OutboundNetworkError('unreachable', `TLS handshake failed (${errno})`, errno);
  return new OutboundNetworkError(
    'io',
    `request failed (${errno ?? (error instanceof Error ? error.message.slice(0, 200) : 'unknown error')})`,
    errno,
  );
}
