import { request } from 'node:http';

import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';

/** Issue 13: `/admin` and `/metrics` live on the operator listener (ADMIN_HTTP_PORT), not the public port. */
describe('the operator listener', () => {
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    gateway = await startGatewayTestApp({ OPERATOR_TOKEN });
  });
  afterAll(() => gateway.close());

  const call = async (baseUrl: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${OPERATOR_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const organizations = async () => {
    const rows = await gateway.dataSource.query(
      "SELECT count(*)::int AS count FROM gateway.organizations WHERE name = 'Public port'",
    );
    return rows[0].count as number;
  };

  it.each([
    ['POST', '/admin/organizations'],
    ['POST', '/ADMIN/Organizations'],
    ['POST', '/%61dmin/organizations'],
    ['POST', '/admin/organizations/'],
    ['GET', '/admin/organizations/00000000-0000-4000-8000-000000000000'],
    ['GET', '/metrics'],
    ['GET', '/Metrics/'],
  ])('answers %s %s on the public port with 404, as an unknown route', async (method, path) => {
    const response = await call(gateway.baseUrl, method, path, method === 'POST' ? { name: 'Public port' } : undefined);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text)).toMatchObject({ statusCode: 404 });
    expect(await organizations()).toBe(0);
  });

  it('serves /admin/organizations and /metrics on the operator port', async () => {
    const created = await call(gateway.adminUrl, 'POST', '/admin/organizations', { name: 'Operator port' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text).data).toMatchObject({ name: 'Operator port' });
    const metrics = await call(gateway.adminUrl, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^# HELP /m);
  });

  it('serves nothing public on the operator port, and health on both', async () => {
    const response = await fetch(`${gateway.adminUrl}/v1/environments/me`, {
      headers: { authorization: `ApiKey ${gateway.environment.apiKey}` },
    });
    expect(response.status).toBe(404);
    expect((await call(gateway.adminUrl, 'GET', '/health/live')).status).toBe(200);
    expect((await call(gateway.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });

  it('answers what Node refuses before Fastify in the gateway error shape on both ports', async () => {
    const unmetExpectation = (baseUrl: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const sent = request(
          `${baseUrl}/admin/organizations`,
          { method: 'GET', headers: { expect: 'bogus' } },
          (answer) => {
            let body = '';
            answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
            answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
          },
        );
        sent.on('error', reject);
        sent.end();
      });
    for (const baseUrl of [gateway.baseUrl, gateway.adminUrl]) {
      const answer = await unmetExpectation(baseUrl);
      expect(answer.status).toBe(417);
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 417 });
    }
  });

  it('binds the loopback address by default', () => {
    expect(gateway.config.ADMIN_HTTP_HOST).toBe('127.0.0.1');
    expect(new URL(gateway.adminUrl).hostname).toBe('127.0.0.1');
  });
});
