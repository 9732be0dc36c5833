import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as received (multipart bodies with binary parts). */
  raw: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
  /** The body parsed as `application/x-www-form-urlencoded`. */
  form: URLSearchParams;
}

/** What the receiver answers. A Buffer or string is sent as is, any other object as JSON. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

/** Decides the answer to a request (default: 200 with an empty JSON object). */
export type RequestResponder = (request: ReceivedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

/** A local HTTP server that records every request and answers like the API it stands for. */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Replaces the responder. */
  respondWith(responder: RequestResponder): void;
  /** The requests to `path` (exact match). */
  requestsTo(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts a local HTTP receiver on a free loopback port: tests point a provider at it, script its
 * answers (including the real API's error codes) and assert on what arrived.
 */
export async function startHttpReceiver(
  responder: RequestResponder = () => ({ status: 200, body: {} }),
): Promise<HttpReceiver> {
  let respond = responder;
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        raw,
        json: parseJson(body),
        form: new URLSearchParams(body),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => respond(request))
        .then(
          (answer) => {
            const raw = answer.body === undefined || typeof answer.body === 'string' || Buffer.isBuffer(answer.body);
            const text =
              answer.body === undefined ? '' : raw ? (answer.body as string | Buffer) : JSON.stringify(answer.body);
            const type = raw ? {} : { 'content-type': 'application/json' };
            res.writeHead(answer.status, { ...type, ...answer.headers });
            res.end(text);
          },
          (error: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(`receiver responder failed: ${error instanceof Error ? error.message : String(error)}`);
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith: (next) => void (respond = next),
    requestsTo: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
