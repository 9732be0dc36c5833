import { GatewayTestApp, startGatewayTestApp } from './support/gateway-test-app';

type Body = { data: Record<string, unknown> } & Record<string, unknown>;

describe('API-key authentication', () => {
  let gateway: GatewayTestApp;
  beforeAll(async () => {
    gateway = await startGatewayTestApp();
  });
  afterAll(() => gateway.close());

  const me = (authorization?: string) =>
    fetch(`${gateway.baseUrl}/v1/environments/me`, { headers: authorization ? { authorization } : {} });

  it('answers with the environment the key belongs to', async () => {
    const response = await me(`ApiKey ${gateway.environment.apiKey}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Body).data).toMatchObject({
      _id: gateway.environment.environmentId,
      _organizationId: gateway.environment.organizationId,
    });
  });

  it.each([
    ['no header', undefined],
    ['an unknown key', 'ApiKey hk_test_unknownunknownunknown'],
    ['a bearer token', 'Bearer abcdefghijkl'],
  ])('is 401 in Novu’s error shape for %s', async (_case, header) => {
    const response = await me(header);
    expect(response.status).toBe(401);
    const body = (await response.json()) as Body;
    expect(body).toMatchObject({ statusCode: 401, path: '/v1/environments/me' });
    expect(typeof body.message).toBe('string');
    expect(typeof body.timestamp).toBe('string');
  });

  it('keeps environments apart', async () => {
    const other = await gateway.createEnvironment('Other');
    const body = (await (await me(`ApiKey ${other.apiKey}`)).json()) as Body;
    expect(body.data._id).toBe(other.environmentId);
    expect(body.data._id).not.toBe(gateway.environment.environmentId);
  });

  it('stops accepting a revoked key once the cache entry is dropped', async () => {
    const revoked = await gateway.createEnvironment('Revoked');
    expect((await me(`ApiKey ${revoked.apiKey}`)).status).toBe(200);
    await gateway.dataSource.query('UPDATE gateway.api_keys SET revoked_at = now() WHERE environment_id = $1', [
      revoked.environmentId,
    ]);
    const { ApiKeyCache } = await import('../src/pipeline/authentication/api-key.cache');
    gateway.app.get(ApiKeyCache).clear();
    expect((await me(`ApiKey ${revoked.apiKey}`)).status).toBe(401);
  });
});
