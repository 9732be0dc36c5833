import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';

describe('/admin routes', () => {
  let gateway: GatewayTestApp;
  let admin: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    gateway = await startGatewayTestApp({ OPERATOR_TOKEN });
    admin = httpClient(gateway.adminUrl, `Bearer ${OPERATOR_TOKEN}`);
  });
  afterAll(() => gateway.close());

  const me = (apiKey: string) => httpClient(gateway.baseUrl, `ApiKey ${apiKey}`)('GET', '/v1/environments/me');

  async function environmentWithKey(name: string) {
    const organization = (await admin('POST', '/admin/organizations', { name: `${name} org` })).body.data;
    const environment = (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name })).body
      .data;
    const issued = (await admin('POST', `/admin/environments/${environment._id}/api-keys`)).body.data;
    return { organization, environment, issued };
  }

  it('creates an organization, an environment and a key that opens it, showing the key once', async () => {
    const organization = await admin('POST', '/admin/organizations', { name: 'Acme' });
    expect(organization.status).toBe(201);
    expect(organization.body.data).toMatchObject({ _id: expect.any(String), name: 'Acme' });
    const environment = await admin('POST', `/admin/organizations/${organization.body.data._id}/environments`, {
      name: 'Production',
    });
    expect(environment.status).toBe(201);
    expect(environment.body.data).toMatchObject({
      _organizationId: organization.body.data._id,
      name: 'Production',
      identifier: expect.stringMatching(/^production-[0-9a-f]{8}$/),
    });

    const issued = await admin('POST', `/admin/environments/${environment.body.data._id}/api-keys`);
    expect(issued.status).toBe(201);
    const { key, hint, _id } = issued.body.data;
    expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
    expect(hint).toBe(`…${key.slice(-4)}`);
    const response = await me(key);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      _id: environment.body.data._id,
      _organizationId: organization.body.data._id,
    });

    const listed = await admin('GET', `/admin/environments/${environment.body.data._id}/api-keys`);
    expect(listed.body.data).toEqual([
      { _id, _environmentId: environment.body.data._id, hint, createdAt: expect.any(String), revokedAt: null },
    ]);
    const [row] = await gateway.dataSource.query('SELECT key_hash FROM gateway.api_keys WHERE id = $1', [_id]);
    expect(row.key_hash).not.toContain(key);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists organizations newest first and an organization’s live environments (the operator console)', async () => {
    const { organization, environment } = await environmentWithKey('Listed');
    const second = (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name: 'Gone' })).body
      .data;
    await admin('DELETE', `/admin/environments/${second._id}`);
    const organizations = await admin('GET', '/admin/organizations');
    expect(organizations.status).toBe(200);
    expect(organizations.body.data[0]).toMatchObject({ _id: organization._id, name: 'Listed org' });
    const environments = await admin('GET', `/admin/organizations/${organization._id}/environments`);
    expect(environments.body.data).toEqual([
      expect.objectContaining({ _id: environment._id, _organizationId: organization._id, name: 'Listed' }),
    ]);
    expect((await admin('GET', '/admin/organizations/not-a-uuid/environments')).status).toBe(404);
  });

  it('stops a revoked key on this replica at once, even while it is cached', async () => {
    const { issued } = await environmentWithKey('Revoke');
    expect((await me(issued.key)).status).toBe(200);
    const revoked = await admin('DELETE', `/admin/api-keys/${issued._id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.revokedAt).toEqual(expect.any(String));
    expect((await me(issued.key)).status).toBe(401);
    expect((await admin('DELETE', `/admin/api-keys/${issued._id}`)).body.data.revokedAt).toBe(
      revoked.body.data.revokedAt,
    );
  });

  it('rotates a key: the new one works, the old one stops at once', async () => {
    const { environment, issued } = await environmentWithKey('Rotate');
    expect((await me(issued.key)).status).toBe(200);
    const rotated = await admin('POST', `/admin/api-keys/${issued._id}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.data).toMatchObject({
      _environmentId: environment._id,
      key: expect.stringMatching(/^hk_/),
      replaces: { _id: issued._id },
    });
    expect((await me(issued.key)).status).toBe(401);
    expect((await me(rotated.body.data.key)).body.data._id).toBe(environment._id);
    expect((await admin('POST', `/admin/api-keys/${issued._id}/rotate`)).status).toBe(422);
  });

  it('deletes an environment: its keys stop at once and it takes no new ones', async () => {
    const { environment, issued } = await environmentWithKey('Delete');
    const second = (await admin('POST', `/admin/environments/${environment._id}/api-keys`)).body.data;
    expect((await me(issued.key)).status).toBe(200);
    const deleted = await admin('DELETE', `/admin/environments/${environment._id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ _id: environment._id, deletedAt: expect.any(String) });
    expect((await me(issued.key)).status).toBe(401);
    expect((await me(second.key)).status).toBe(401);
    const [keys] = await gateway.dataSource.query(
      'SELECT count(*)::int AS live FROM gateway.api_keys WHERE environment_id = $1 AND revoked_at IS NULL',
      [environment._id],
    );
    expect(keys.live).toBe(0);
    expect((await admin('DELETE', `/admin/environments/${environment._id}`)).status).toBe(404);
    expect((await admin('POST', `/admin/environments/${environment._id}/api-keys`)).status).toBe(404);
  });

  it('answers 404 for unknown ids and 422 for bad bodies or a taken identifier', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await admin('POST', `/admin/organizations/${unknown}/environments`, { name: 'x' })).status).toBe(404);
    expect((await admin('POST', '/admin/organizations/not-a-uuid/environments', { name: 'x' })).status).toBe(404);
    expect((await admin('POST', `/admin/environments/${unknown}/api-keys`)).status).toBe(404);
    expect((await admin('GET', `/admin/environments/${unknown}/api-keys`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/api-keys/${unknown}`)).status).toBe(404);
    expect((await admin('DELETE', `/admin/environments/${unknown}`)).status).toBe(404);
    expect((await admin('DELETE', '/admin/environments/not-a-uuid')).status).toBe(404);
    expect((await admin('POST', `/admin/api-keys/${unknown}/rotate`)).status).toBe(404);
    expect((await admin('POST', '/admin/organizations', {})).body).toMatchObject({
      statusCode: 422,
      errors: { name: { messages: ['is required'] } },
    });
    const { organization, environment } = await environmentWithKey('Taken');
    const taken = await admin('POST', `/admin/organizations/${organization._id}/environments`, {
      name: 'Other',
      identifier: environment.identifier,
    });
    expect(taken.status).toBe(422);
    expect(taken.body.errors).toHaveProperty('identifier');
    expect(
      (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name: 'Taken' })).body.errors,
    ).toHaveProperty('name');
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer not-the-operator-token'],
    ['an API key', 'ApiKey hk_test_abcdefghijkl'],
  ])('is 401 with %s', async (_case, authorization) => {
    const response = await httpClient(gateway.adminUrl, authorization ?? '')('POST', '/admin/organizations', {
      name: 'Nope',
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ statusCode: 401, path: '/admin/organizations' });
  });
});

describe('/admin routes without OPERATOR_TOKEN', () => {
  let gateway: GatewayTestApp;
  beforeAll(async () => {
    gateway = await startGatewayTestApp();
  });
  afterAll(() => gateway.close());

  it('are disabled', async () => {
    const response = await httpClient(gateway.adminUrl, 'Bearer anything')('POST', '/admin/organizations', {
      name: 'Nope',
    });
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/OPERATOR_TOKEN/);
    const [{ count }] = await gateway.dataSource.query(
      "SELECT count(*)::int AS count FROM gateway.organizations WHERE name = 'Nope'",
    );
    expect(count).toBe(0);
  });
});
