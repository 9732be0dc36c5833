import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { pacedHttpLoad, percentile } from './paced-http-load';

/** A local server answering with `answer`, recording what it received and how many requests it held at once. */
async function startServer(answer: (index: number, response: http.ServerResponse) => void) {
  const seen = { bodies: [] as string[], keys: [] as string[], inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((request, response) => {
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.bodies.push(Buffer.concat(chunks).toString());
      seen.keys.push(String(request.headers['idempotency-key']));
      response.on('finish', () => (seen.inFlight -= 1));
      answer(seen.bodies.length - 1, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

let key = 0;
const options = (url: string, ratePerSecond: number, seconds: number, connections: number) => ({
  url,
  path: '/v1/events/trigger',
  headers: { 'content-type': 'application/json' },
  perRequestHeaders: () => ({ 'idempotency-key': `key-${(key += 1)}` }),
  body: '{"name":"w"}',
  connections,
  ratePerSecond,
  seconds,
});

describe('pacedHttpLoad', () => {
  it('sends every scheduled request once, with its own headers and the body, and reads each answer', async () => {
    const server = await startServer((_, response) => response.writeHead(201, { 'content-length': '2' }).end('{}'));
    try {
      const result = await pacedHttpLoad(options(server.url, 400, 0.25, 4));
      expect(result).toMatchObject({ sent: 100, failures: 0 });
      expect(result.latencies).toHaveLength(100);
      expect(server.seen.bodies).toEqual(Array(100).fill('{"name":"w"}'));
      expect(new Set(server.seen.keys).size).toBe(100);
    } finally {
      await server.close();
    }
  });

  it('counts non-2xx answers as failures, with Content-Length or chunked bodies', async () => {
    const server = await startServer((index, response) => {
      if (index % 2 === 0)
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"data":{"acknowledged":true}}');
      else response.writeHead(503, { 'content-length': '4' }).end('busy');
    });
    try {
      const result = await pacedHttpLoad(options(server.url, 400, 0.1, 2));
      expect(result).toMatchObject({ sent: 40, failures: 20 });
      expect(result.latencies).toHaveLength(40);
    } finally {
      await server.close();
    }
  });

  it('keeps at most one request in flight per connection; the rest wait for a free one', async () => {
    const server = await startServer((_, response) =>
      setTimeout(() => response.writeHead(201, { 'content-length': '0' }).end(), 20),
    );
    try {
      const result = await pacedHttpLoad(options(server.url, 500, 0.1, 3));
      expect(result).toMatchObject({ sent: 50, failures: 0 });
      expect(server.seen.maxInFlight).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('reads percentiles of an ascending list', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.99), percentile(sorted, 1)]).toEqual([51, 100, 100]);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
