import { IMPLEMENTED_PROVIDERS } from '@herald/contracts';

import { UnimplementedProviders1765200000000 } from '../../src/adapters/postgres/migrations/1765200000000-unimplemented-providers';
import { IntegrationService } from '../../src/features/integrations/integration.service';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

// Every id IMPLEMENTED_PROVIDERS lists delivers: each runner's definition spec ties its providers to
// its channel's list, and each provider has a wire-format int-spec (decisions 0036, 0037, 0041).
describe('/v1/integrations accepts only implemented providers', () => {
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
  });
  afterAll(() => gateway.close());

  async function freshApi(name: string) {
    const environment = await gateway.createEnvironment(name);
    return { environment, api: httpClient(gateway.baseUrl, `ApiKey ${environment.apiKey}`) };
  }

  it('refuses mailjet with 422 naming the supported email providers', async () => {
    const { api } = await freshApi('Mailjet');
    const response = await api('POST', '/v1/integrations', { providerId: 'mailjet', credentials: { apiKey: 'k' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, message: 'Validation Error' });
    const [message] = response.body.errors.providerId.messages as string[];
    expect(message).toBe(
      `is not implemented by Herald; supported email providers: ${IMPLEMENTED_PROVIDERS.email.join(', ')}`,
    );
    expect(response.body.errors.providerId.value).toBe('mailjet');
  });

  it('names the requested channel for an unknown id, and every channel without one', async () => {
    const { api } = await freshApi('Unknown');
    const sms = await api('POST', '/v1/integrations', { providerId: 'carrier-pigeon', channel: 'sms' });
    expect(sms.body.errors.providerId.messages[0]).toBe(
      `is not a known provider; supported sms providers: ${IMPLEMENTED_PROVIDERS.sms.join(', ')}`,
    );
    const any = await api('POST', '/v1/integrations', { providerId: 'carrier-pigeon' });
    expect(any.status).toBe(422);
    expect(any.body.errors.providerId.messages[0]).toContain(`chat: ${IMPLEMENTED_PROVIDERS.chat.join(', ')}`);
  });

  it('accepts every implemented id on its channel', async () => {
    const { api } = await freshApi('Every provider');
    for (const [channel, ids] of Object.entries(IMPLEMENTED_PROVIDERS)) {
      for (const providerId of ids) {
        const response = await api('POST', '/v1/integrations', { providerId, channel, credentials: {} });
        expect([providerId, response.status, response.body.data?.channel]).toEqual([providerId, 201, channel]);
      }
    }
  });

  it('the migration deactivates a pre-existing unimplemented integration with its reason, and keeps it', async () => {
    const { environment, api } = await freshApi('Migrated');
    const old = (await api('POST', '/v1/integrations', { providerId: 'sendgrid', credentials: { apiKey: 'SG.k' } }))
      .body.data;
    const kept = (await api('POST', '/v1/integrations', { providerId: 'twilio', credentials: {} })).body.data;
    // A row from before the catalog was honest: an id accepted then, implemented by no runner.
    await gateway.dataSource.query(
      `UPDATE gateway.integrations SET provider_id = 'mailjet', inactive_reason = NULL WHERE id = $1`,
      [old._id],
    );
    expect(old).toMatchObject({ active: true, primary: true });

    const runner = gateway.dataSource.createQueryRunner();
    try {
      await new UnimplementedProviders1765200000000().up(runner);
    } finally {
      await runner.release();
    }

    const [row] = await gateway.dataSource.query(
      `SELECT environment_id, id, identifier, provider_id, active, is_primary, inactive_reason
         FROM gateway.integrations WHERE inactive_reason IS NOT NULL AND deleted_at IS NULL AND environment_id = $1`,
      [environment.environmentId],
    );
    expect(row).toMatchObject({ id: old._id, provider_id: 'mailjet', active: false, is_primary: false });
    const shown = (await api('GET', '/v1/integrations')).body.data as Record<string, unknown>[];
    expect(shown.find((integration) => integration._id === old._id)).toMatchObject({
      providerId: 'mailjet',
      active: false,
      primary: false,
      inactiveReason: 'provider_not_implemented: Herald has no runner for mailjet; the integration was deactivated',
      credentials: { apiKey: expect.any(String) },
    });
    expect(shown.find((integration) => integration._id === kept._id)).toMatchObject({ active: true });
    expect(shown.find((integration) => integration._id === kept._id)).not.toHaveProperty('inactiveReason');
    const service = gateway.app.get(IntegrationService);
    expect((await service.listForRunner(environment.environmentId, 'email')).map((i) => i.id)).toEqual([]);

    const reactivate = await api('PUT', `/v1/integrations/${old._id}`, { active: true });
    expect(reactivate.status).toBe(422);
    expect(reactivate.body.errors.providerId.messages[0]).toContain('supported email providers: nodemailer');
    expect((await api('POST', `/v1/integrations/${old._id}/set-primary`)).status).toBe(422);
    expect((await api('PUT', `/v1/integrations/${old._id}`, { name: 'renamed' })).status).toBe(200);
    expect((await api('DELETE', `/v1/integrations/${old._id}`)).status).toBe(200);
  });
});
