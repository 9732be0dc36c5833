import { type HttpReceiver, startHttpReceiver } from '@herald/testing';

import { OutboundGuard, OutboundHttpClient, OutboundNetworkError, OutboundRefusedError, parseCidrList } from '../src';

describe('OutboundHttpClient', () => {
  let receiver: HttpReceiver;
  const loopback = new OutboundGuard((parseCidrList('127.0.0.0/8,::1/128') as { value: never }).value);

  beforeAll(async () => {
    receiver = await startHttpReceiver((request) =>
      request.path === '/slow' ? new Promise(() => undefined) : { status: 200, body: 'x'.repeat(4096) },
    );
  });

  afterAll(async () => {
    await receiver?.close();
  });

  const port = () => new URL(receiver.url).port;

  it('checks names at connect time: localhost is refused unless loopback is allowed', async () => {
    const allowed = new OutboundHttpClient(loopback, { timeoutMs: 2_000 });
    expect((await allowed.request({ method: 'GET', url: `http://localhost:${port()}/ok` })).status).toBe(200);
    allowed.close();
    const strict = new OutboundHttpClient(new OutboundGuard(), { timeoutMs: 2_000 });
    await expect(strict.request({ method: 'GET', url: `http://localhost:${port()}/ok` })).rejects.toBeInstanceOf(
      OutboundRefusedError,
    );
    await expect(strict.request({ method: 'GET', url: `${receiver.url}/ok` })).rejects.toThrow(/loopback/);
    strict.close();
  });

  it('gives up after its deadline and caps what it reads', async () => {
    const client = new OutboundHttpClient(loopback, { timeoutMs: 2_000, maxResponseBytes: 100 });
    await expect(client.request({ method: 'GET', url: `${receiver.url}/slow`, timeoutMs: 200 })).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect((await client.request({ method: 'GET', url: `${receiver.url}/ok` })).body).toHaveLength(100);
    await expect(client.request({ method: 'GET', url: 'http://127.0.0.1:9/closed' })).rejects.toBeInstanceOf(
      OutboundNetworkError,
    );
    client.close();
  });
});
