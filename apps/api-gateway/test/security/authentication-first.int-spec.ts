import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import { MetricsRegistry } from '@herald/observability';

import { apiKeyRoutes } from '../../src/pipeline/authentication/authenticate-first.hook';
import { httpClient } from '../control-plane/http-client';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const MB = 1024 * 1024;

/** Announces a `totalBytes` body, sends none of it, and waits for the answer: it must come before the body. */
function sendHugeBody(baseUrl: string, path: string, headers: Record<string, string>, totalBytes: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(totalBytes), ...headers },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
        request.destroy();
      });
    });
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    request.flushHeaders();
  });
}

describe('api-gateway: nothing expensive before authentication', () => {
  let gateway: GatewayTestApp;
  const bodiesParsed = async () => {
    const metric = gateway.app.get(MetricsRegistry).registry.getSingleMetric('gateway_request_bodies_parsed_total');
    return (await metric!.get()).values[0]?.value ?? 0;
  };

  beforeAll(async () => {
    gateway = await startGatewayTestApp({ AUTH_FAILURES_PER_ADDRESS: '5', AUTH_FAILURE_WINDOW_SECONDS: '600' });
  });
  afterAll(() => gateway?.close());

  it('refuses a 27 MB body without a key, or with an unknown one, before reading it', async () => {
    const before = await bodiesParsed();
    const noKey = await sendHugeBody(gateway.baseUrl, '/v1/events/trigger', {}, 27 * MB);
    expect(noKey.status).toBe(401);
    const unknownKey = await sendHugeBody(
      gateway.baseUrl,
      '/v1/events/trigger',
      { authorization: `ApiKey ${randomBytes(16).toString('hex')}` },
      27 * MB,
    );
    expect(unknownKey.status).toBe(401);
    const controlPlane = await sendHugeBody(gateway.baseUrl, '/v2/workflows', {}, 27 * MB);
    expect(controlPlane.status).toBe(401);
    expect(await bodiesParsed()).toBe(before);
    // The same route with the key parses its (small) body: the counter is alive.
    const call = httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`);
    expect(
      (await call('POST', '/v1/events/trigger', { name: 'no-such-workflow', to: 'subscriber-1' })).status,
    ).toBeLessThan(500);
    expect(await bodiesParsed()).toBe(before + 1);
  });

  it('finds the API-key routes from the guards Nest enforces', () => {
    const routes = apiKeyRoutes(gateway.app);
    for (const route of [
      'POST /v1/events/trigger',
      'POST /v1/events/trigger/bulk',
      'POST /v2/workflows',
      'GET /v2/subscribers/:subscriberid',
    ]) {
      expect(routes.has(route)).toBe(true);
    }
    // The inbox session is public (Novu's applicationIdentifier; an ApiKey is checked by its controller).
    for (const route of [
      'POST /v1/inbox/session',
      'GET /v1/inbox/stream',
      'POST /admin/organizations',
      'GET /health/ready',
    ])
      expect(routes.has(route)).toBe(false);
  });

  it('limits control-plane bodies far below the trigger routes', async () => {
    const call = httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`);
    const big = 'x'.repeat(3 * MB);
    const workflow = await call('POST', '/v2/workflows', {
      name: 'Big',
      workflowId: 'big',
      steps: [],
      description: big,
    });
    expect(workflow.status).toBe(413);
    expect(workflow.body.message).toContain(`exceeds ${2 * MB} bytes`);
    const trigger = await call('POST', '/v1/events/trigger', {
      name: 'no-such-workflow',
      to: 'subscriber-1',
      payload: { big },
    });
    expect(JSON.stringify(trigger.body)).not.toContain('request body exceeds');
  });

  it('answers 429 with Retry-After once an address has presented too many unknown keys', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      // Another X-Forwarded-For each time: no proxy is trusted, so it cannot dodge the limit.
      const response = await fetch(`${gateway.baseUrl}/v1/environments/me`, {
        headers: {
          authorization: `ApiKey ${randomBytes(16).toString('hex')}`,
          'x-forwarded-for': `203.0.113.${attempt}`,
        },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = await response.text();
        expect(body).not.toMatch(/ApiKey|authorization/i);
      }
    }
    // Earlier tests of this suite spent one failure already.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});

describe('api-gateway: the failed-authentication limit behind a trusted proxy', () => {
  let gateway: GatewayTestApp;
  beforeAll(async () => {
    gateway = await startGatewayTestApp({
      AUTH_FAILURES_PER_ADDRESS: '3',
      AUTH_FAILURE_WINDOW_SECONDS: '600',
      TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(() => gateway?.close());

  const me = (apiKey: string, clientAddress: string) =>
    fetch(`${gateway.baseUrl}/v1/environments/me`, {
      headers: { authorization: `ApiKey ${apiKey}`, 'x-forwarded-for': clientAddress },
    });

  it('locks out the client address X-Forwarded-For names, not the proxy', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push((await me(randomBytes(16).toString('hex'), '198.51.100.7')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // Another client behind the same proxy is not locked out, with a key this replica has never looked up.
    const other = await gateway.createEnvironment('Behind the proxy');
    expect((await me(other.apiKey, '198.51.100.8')).status).toBe(200);
    expect((await me(randomBytes(16).toString('hex'), '198.51.100.8')).status).toBe(401);
  });
});
