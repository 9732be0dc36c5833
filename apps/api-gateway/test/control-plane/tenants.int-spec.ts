import { TenantRepository } from '../../src/features/tenants/tenant.repository';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

describe('/v1/tenants over HTTP', () => {
  let gateway: GatewayTestApp;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    api = httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`);
  });
  afterAll(() => gateway.close());

  it('creates, reads, updates and deletes a tenant in Novu’s shape', async () => {
    const created = await api('POST', '/v1/tenants', { identifier: 'acme', name: 'Acme', data: { plan: 'pro' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual({
      _id: expect.any(String),
      identifier: 'acme',
      name: 'Acme',
      data: { plan: 'pro' },
      _environmentId: gateway.environment.environmentId,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await api('GET', '/v1/tenants/acme')).body.data).toEqual(created.body.data);

    const patched = await api('PATCH', '/v1/tenants/acme', { name: 'Acme Inc.' });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ identifier: 'acme', name: 'Acme Inc.', data: { plan: 'pro' } });
    const renamed = await api('PATCH', '/v1/tenants/acme', { identifier: 'acme-2', data: { plan: 'free' } });
    expect(renamed.body.data).toMatchObject({ identifier: 'acme-2', name: 'Acme Inc.', data: { plan: 'free' } });
    expect((await api('GET', '/v1/tenants/acme')).status).toBe(404);

    expect((await api('DELETE', '/v1/tenants/acme-2')).status).toBe(204);
    expect((await api('GET', '/v1/tenants/acme-2')).body).toMatchObject({
      statusCode: 404,
      path: '/v1/tenants/acme-2',
    });
    expect((await api('DELETE', '/v1/tenants/acme-2')).status).toBe(404);
    expect((await api('PATCH', '/v1/tenants/acme-2', { name: 'x' })).status).toBe(404);
  });

  it('answers 409 for a taken identifier, on create and on rename', async () => {
    await api('POST', '/v1/tenants', { identifier: 'one', name: 'One' });
    await api('POST', '/v1/tenants', { identifier: 'two', name: 'Two' });
    expect((await api('POST', '/v1/tenants', { identifier: 'one', name: 'Again' })).body).toMatchObject({
      statusCode: 409,
    });
    expect((await api('PATCH', '/v1/tenants/two', { identifier: 'one' })).status).toBe(409);
  });

  it.each([
    ['a missing identifier', { name: 'x' }, 'identifier'],
    ['a missing name', { identifier: 'x' }, 'name'],
    ['data that is not an object', { identifier: 'x', name: 'x', data: [1] }, 'data'],
    ['an identifier with whitespace', { identifier: 'a b', name: 'x' }, 'identifier'],
    ['a huge data object', { identifier: 'x', name: 'x', data: { blob: 'x'.repeat(70_000) } }, 'data'],
  ])('refuses %s with 422', async (_case, body, field) => {
    const response = await api('POST', '/v1/tenants', body);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
  });

  it('lists page by page with hasMore and totalCount', async () => {
    const other = await gateway.createEnvironment('Paging');
    const pagingApi = httpClient(gateway.baseUrl, `ApiKey ${other.apiKey}`);
    for (let index = 0; index < 5; index += 1)
      await pagingApi('POST', '/v1/tenants', { identifier: `t-${index}`, name: `T ${index}` });
    const first = await pagingApi('GET', '/v1/tenants?page=0&limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 0, pageSize: 2, hasMore: true, totalCount: 5 });
    expect(first.body.data.map((tenant: { identifier: string }) => tenant.identifier)).toEqual(['t-0', 't-1']);
    const last = await pagingApi('GET', '/v1/tenants?page=2&limit=2');
    expect(last.body).toMatchObject({ hasMore: false, totalCount: 5 });
    expect(last.body.data).toHaveLength(1);
    expect((await pagingApi('GET', '/v1/tenants?page=9')).body).toMatchObject({
      data: [],
      hasMore: false,
      totalCount: 5,
    });
    expect((await pagingApi('GET', '/v1/tenants?limit=101')).status).toBe(422);
  });

  it('keeps environments apart', async () => {
    await api('POST', '/v1/tenants', { identifier: 'private', name: 'Private' });
    const other = await gateway.createEnvironment('Isolated');
    const otherApi = httpClient(gateway.baseUrl, `ApiKey ${other.apiKey}`);
    expect((await otherApi('GET', '/v1/tenants/private')).status).toBe(404);
    expect((await otherApi('PATCH', '/v1/tenants/private', { name: 'Stolen' })).status).toBe(404);
    expect((await otherApi('DELETE', '/v1/tenants/private')).status).toBe(404);
    expect((await otherApi('GET', '/v1/tenants')).body.totalCount).toBe(0);
    expect((await otherApi('POST', '/v1/tenants', { identifier: 'private', name: 'Mine' })).status).toBe(201);
    expect((await api('GET', '/v1/tenants/private')).body.data.name).toBe('Private');
  });

  describe('TenantRepository for the trigger route', () => {
    it('updates an existing tenant from a trigger and never creates one', async () => {
      const repository = gateway.app.get(TenantRepository);
      const { environmentId } = gateway.environment;
      await api('POST', '/v1/tenants', { identifier: 'trig', name: 'Before', data: { a: 1 } });
      expect(await repository.upsertFromTrigger(environmentId, { identifier: 'trig' })).toMatchObject({
        name: 'Before',
        data: { a: 1 },
      });
      expect(await repository.upsertFromTrigger(environmentId, { identifier: 'trig', data: { b: 2 } })).toMatchObject({
        name: 'Before',
        data: { b: 2 },
      });
      expect(await repository.upsertFromTrigger(environmentId, { identifier: 'trig', name: 'After' })).toMatchObject({
        name: 'After',
        data: { b: 2 },
      });
      expect(await repository.upsertFromTrigger(environmentId, { identifier: 'ghost', name: 'Ghost' })).toBeUndefined();
      expect(await repository.findByIdentifier(environmentId, 'ghost')).toBeUndefined();
      const other = await gateway.createEnvironment('Trigger');
      expect(
        await repository.upsertFromTrigger(other.environmentId, { identifier: 'trig', name: 'Hijack' }),
      ).toBeUndefined();
      expect((await repository.findByIdentifier(environmentId, 'trig'))?.name).toBe('After');
    });
  });
});
