import { IntegrationService } from '../../src/features/integrations/integration.service';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

const sendgrid = {
  providerId: 'sendgrid',
  channel: 'email',
  name: 'SendGrid',
  credentials: { apiKey: 'SG.super-secret-key-9876', from: 'noreply@example.com', senderName: 'Herald' },
};

describe('/v1/integrations over HTTP', () => {
  let gateway: GatewayTestApp;
  let api: ReturnType<typeof httpClient>;
  let service: IntegrationService;

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    api = httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`);
    service = gateway.app.get(IntegrationService);
  });
  afterAll(() => gateway.close());

  async function freshEnvironment(name: string) {
    const environment = await gateway.createEnvironment(name);
    return { environment, api: httpClient(gateway.baseUrl, `ApiKey ${environment.apiKey}`) };
  }

  it('creates an integration, seals its credentials and never returns them in clear', async () => {
    const response = await api('POST', '/v1/integrations', { ...sendgrid, identifier: 'sendgrid-main' });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      _environmentId: gateway.environment.environmentId,
      _organizationId: gateway.environment.organizationId,
      providerId: 'sendgrid',
      channel: 'email',
      identifier: 'sendgrid-main',
      active: true,
      primary: true,
      deleted: false,
      credentials: { apiKey: '********9876', from: 'noreply@example.com', senderName: 'Herald' },
    });
    const [row] = await gateway.dataSource.query('SELECT * FROM gateway.integrations WHERE id = $1', [
      response.body.data._id,
    ]);
    expect(JSON.stringify(row)).not.toContain('super-secret');
    expect(row.credentials_ciphertext.toString('utf8')).not.toContain('super-secret');
    expect(row.credentials_key_id).toMatch(/^[0-9a-f]{16}$/);
    for (const path of ['/v1/integrations', '/v1/integrations/active']) {
      expect(JSON.stringify((await api('GET', path)).body)).not.toContain('super-secret');
    }
  });

  it('keeps one primary per channel, ordered primary first then priority for runners', async () => {
    const { environment, api: envApi } = await freshEnvironment('Primary');
    const first = (await envApi('POST', '/v1/integrations', { ...sendgrid, priority: 1 })).body.data;
    const second = (
      await envApi('POST', '/v1/integrations', {
        providerId: 'nodemailer',
        credentials: { host: 'smtp.local', port: '25', password: 'pw' },
        priority: 5,
      })
    ).body.data;
    const sms = (
      await envApi('POST', '/v1/integrations', {
        providerId: 'sms-webhook',
        credentials: { webhookUrl: 'https://hooks.example/sms' },
      })
    ).body.data;
    expect([first.primary, second.primary, second.channel, sms.primary, sms.channel]).toEqual([
      true,
      false,
      'email',
      true,
      'sms',
    ]);

    let runner = await service.listForRunner(environment.environmentId, 'email');
    expect(runner.map((integration) => integration.id)).toEqual([first._id, second._id]);
    expect(runner[0].credentials).toEqual(sendgrid.credentials);
    expect(runner[1].credentials).toEqual({ host: 'smtp.local', port: '25', password: 'pw' });

    const promoted = await envApi('POST', `/v1/integrations/${second._id}/set-primary`);
    expect(promoted.status).toBe(200);
    expect(promoted.body.data.primary).toBe(true);
    const listed = (await envApi('GET', '/v1/integrations')).body.data;
    expect(
      listed.filter(
        (integration: { primary: boolean; channel: string }) => integration.primary && integration.channel === 'email',
      ),
    ).toHaveLength(1);
    runner = await service.listForRunner(environment.environmentId, 'email');
    expect(runner.map((integration) => integration.id)).toEqual([second._id, first._id]);
    expect(
      (await service.listForRunner(environment.environmentId, 'sms')).map((integration) => integration.id),
    ).toEqual([sms._id]);

    const deactivated = await envApi('PUT', `/v1/integrations/${second._id}`, { active: false });
    expect(deactivated.body.data).toMatchObject({ active: false, primary: false });
    expect(
      (await envApi('GET', '/v1/integrations/active')).body.data
        .map((integration: { _id: string }) => integration._id)
        .sort(),
    ).toEqual([first._id, sms._id].sort());
    expect(
      (await service.listForRunner(environment.environmentId, 'email')).map((integration) => integration.id),
    ).toEqual([first._id]);
  });

  it('makes at most one primary under concurrent set-primary calls', async () => {
    const { environment, api: envApi } = await freshEnvironment('Race');
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1)
      ids.push((await envApi('POST', '/v1/integrations', { providerId: 'twilio', credentials: {} })).body.data._id);
    const responses = await Promise.all(ids.map((id) => envApi('POST', `/v1/integrations/${id}/set-primary`)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const [{ count }] = await gateway.dataSource.query(
      "SELECT count(*)::int AS count FROM gateway.integrations WHERE environment_id = $1 AND channel = 'sms' AND is_primary",
      [environment.environmentId],
    );
    expect(count).toBe(1);
  });

  it('updates credentials by merging: a sent-back mask keeps the secret, null removes a field', async () => {
    const created = (await api('POST', '/v1/integrations', { ...sendgrid, identifier: 'merge-me' })).body.data;
    const sentBack = await api('PUT', `/v1/integrations/${created._id}`, {
      name: 'Renamed',
      credentials: created.credentials,
    });
    expect(sentBack.status).toBe(200);
    expect(sentBack.body.data).toMatchObject({ name: 'Renamed', credentials: created.credentials });
    const open = async () =>
      (await service.listForRunner(gateway.environment.environmentId, 'email')).find(
        (integration) => integration.id === created._id,
      )?.credentials;
    expect(await open()).toEqual(sendgrid.credentials);
    await api('PUT', `/v1/integrations/${created._id}`, {
      credentials: { apiKey: 'SG.rotated-key-0000', senderName: null },
    });
    expect(await open()).toEqual({ apiKey: 'SG.rotated-key-0000', from: 'noreply@example.com' });
    const bad = await api('PUT', `/v1/integrations/${created._id}`, { credentials: { port: 25 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty(['credentials.port']);
  });

  it.each([
    ['an unknown provider', { providerId: 'carrier-pigeon' }, 'providerId'],
    ['a channel that does not match the provider', { providerId: 'twilio', channel: 'email' }, 'channel'],
    ['credentials that are not an object', { providerId: 'twilio', credentials: 'secret' }, 'credentials'],
    [
      'a credential of the wrong type',
      { providerId: 'nodemailer', credentials: { secure: 'yes' } },
      'credentials.secure',
    ],
    [
      'malformed conditions',
      {
        providerId: 'twilio',
        conditions: [{ children: [{ field: 'plan', value: 'pro', operator: 'SIMILAR', on: 'payload' }] }],
      },
      'conditions[0].children[0].operator',
    ],
    ['a negative priority', { providerId: 'twilio', priority: -1 }, 'priority'],
  ])('refuses %s with 422, never echoing credentials', async (_case, body, field) => {
    const response = await api('POST', '/v1/integrations', body);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
    expect(JSON.stringify(response.body)).not.toContain('"secret"');
  });

  it('refuses a taken identifier with 422 and answers 404 for unknown ids', async () => {
    await api('POST', '/v1/integrations', { providerId: 'slack', identifier: 'slack-1' });
    expect(
      (await api('POST', '/v1/integrations', { providerId: 'slack', identifier: 'slack-1' })).body.errors,
    ).toHaveProperty('identifier');
    expect((await api('PUT', '/v1/integrations/00000000-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
    expect((await api('PUT', '/v1/integrations/not-a-uuid', { name: 'x' })).status).toBe(404);
    expect((await api('POST', '/v1/integrations/not-a-uuid/set-primary')).status).toBe(404);
    expect((await api('DELETE', '/v1/integrations/not-a-uuid')).status).toBe(404);
  });

  it('soft-deletes, answering with what remains', async () => {
    const { environment, api: envApi } = await freshEnvironment('Delete');
    const keep = (
      await envApi('POST', '/v1/integrations', { providerId: 'fcm', credentials: { serviceAccount: '{}' } })
    ).body.data;
    const drop = (
      await envApi('POST', '/v1/integrations', { providerId: 'expo', credentials: { apiKey: 'expo-token' } })
    ).body.data;
    const response = await envApi('DELETE', `/v1/integrations/${drop._id}`);
    expect(response.status).toBe(200);
    expect(response.body.data.map((integration: { _id: string }) => integration._id)).toEqual([keep._id]);
    expect((await envApi('DELETE', `/v1/integrations/${drop._id}`)).status).toBe(404);
    expect(
      (await service.listForRunner(environment.environmentId, 'push')).map((integration) => integration.id),
    ).toEqual([keep._id]);
    const [row] = await gateway.dataSource.query('SELECT deleted_at FROM gateway.integrations WHERE id = $1', [
      drop._id,
    ]);
    expect(row.deleted_at).not.toBeNull();
  });

  it('keeps environments apart', async () => {
    const created = (
      await api('POST', '/v1/integrations', {
        providerId: 'discord',
        credentials: { webhookUrl: 'https://discord.example/x' },
      })
    ).body.data;
    const { environment, api: otherApi } = await freshEnvironment('Isolated');
    expect((await otherApi('GET', '/v1/integrations')).body.data).toEqual([]);
    expect((await otherApi('PUT', `/v1/integrations/${created._id}`, { name: 'Stolen' })).status).toBe(404);
    expect((await otherApi('POST', `/v1/integrations/${created._id}/set-primary`)).status).toBe(404);
    expect((await otherApi('DELETE', `/v1/integrations/${created._id}`)).status).toBe(404);
    expect(await service.listForRunner(environment.environmentId, 'chat')).toEqual([]);
    // A ciphertext copied onto another environment's row does not open there.
    const mine = (
      await otherApi('POST', '/v1/integrations', {
        providerId: 'discord',
        credentials: { webhookUrl: 'https://discord.example/mine' },
      })
    ).body.data;
    await gateway.dataSource.query(
      `UPDATE gateway.integrations t SET credentials_iv = s.credentials_iv, credentials_tag = s.credentials_tag, credentials_ciphertext = s.credentials_ciphertext
         FROM gateway.integrations s WHERE s.id = $1 AND t.id = $2`,
      [created._id, mine._id],
    );
    await expect(service.listForRunner(environment.environmentId, 'chat')).rejects.toThrow();
  });
});
