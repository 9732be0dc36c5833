import net from 'node:net';

/** One request as bytes on the wire: nothing is validated or encoded on the way (bad headers, invalid UTF-8 and all). */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent (`/v1/tenants/%2e%2e?x=1`). */
  target: string;
  /** Header lines in order; values may hold any bytes. `Host`, `Content-Length` and `Connection: close` are added. */
  headers?: [string, string | Buffer][];
  body?: Buffer;
  /** Send `Transfer-Encoding: chunked` instead of `Content-Length`. */
  chunked?: boolean;
}

/** What came back, decoded. `json` is undefined when the body is not JSON. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

const TIMEOUT_MS = 60_000;

/**
 * Sends one HTTP/1.1 request over a fresh TCP connection (`Connection: close`) and reads the whole
 * answer. `fetch` and `node:http` refuse to send what a fuzzer must send (control characters in
 * headers, a body that is not what its headers say), hence a socket.
 */
export function sendRaw(port: number, request: RawRequest): Promise<RawResponse> {
  const lines: Buffer[] = [
    Buffer.from(
      `${request.method} ${request.target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`,
      'latin1',
    ),
  ];
  for (const [name, value] of request.headers ?? [])
    lines.push(
      Buffer.concat([
        Buffer.from(`${name}: `, 'latin1'),
        Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'),
        Buffer.from('\r\n'),
      ]),
    );
  const body = request.body;
  if (body && request.chunked) {
    lines.push(
      Buffer.from('Transfer-Encoding: chunked\r\n\r\n'),
      Buffer.from(`${body.length.toString(16)}\r\n`),
      body,
      Buffer.from('\r\n0\r\n\r\n'),
    );
  } else {
    if (body) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
    lines.push(Buffer.from('\r\n'));
    if (body) lines.push(body);
  }
  return new Promise<RawResponse>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new Error(`no answer within ${TIMEOUT_MS} ms: ${request.method} ${request.target.slice(0, 200)}`)),
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    // The server may answer (413, 415) and close before it read the whole body: an EPIPE/ECONNRESET then is not a failure.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if ((error.code === 'EPIPE' || error.code === 'ECONNRESET') && chunks.length > 0) return;
      reject(error);
    });
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(new Error(`${request.method} ${request.target.slice(0, 200)}: ${(error as Error).message}`));
      }
    });
    socket.write(Buffer.concat(lines));
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete HTTP answer (${raw.length} bytes)`);
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
