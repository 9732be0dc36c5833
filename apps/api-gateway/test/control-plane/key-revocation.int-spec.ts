import { expectEventually } from '@herald/testing';
import { ApiKeyRevocationListener } from '../../src/auth/api-key-revocation.listener';
import { GatewayTestApp, GatewayTestReplica, startGatewayReplica, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
// Far longer than the test: a key that stops working did so because of the event, not the TTL.
const ENV = { OPERATOR_TOKEN, API_KEY_CACHE_TTL_MS: '3600000' };
const WITHIN_SECONDS = { timeoutMs: 10_000, intervalMs: 100 };

describe('API-key revocation across gateway replicas', () => {
  let first: GatewayTestApp;
  let second: GatewayTestReplica;
  let admin: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    first = await startGatewayTestApp(ENV);
    second = await startGatewayReplica(first, ENV);
    admin = httpClient(first.baseUrl, `Bearer ${OPERATOR_TOKEN}`);
    // Each replica clears its cache once its revocation queue is consumed; wait for both.
    await expectEventually(() => {
      expect(first.app.get(ApiKeyRevocationListener).isListening).toBe(true);
      expect(second.app.get(ApiKeyRevocationListener).isListening).toBe(true);
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const me = (baseUrl: string, apiKey: string) => httpClient(baseUrl, `ApiKey ${apiKey}`)('GET', '/v1/environments/me');

  async function environmentWithKeys(name: string, keys: number) {
    const organization = (await admin('POST', '/admin/organizations', { name: `${name} org` })).body.data;
    const environment = (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name })).body.data;
    const issued = [];
    for (let i = 0; i < keys; i += 1) issued.push((await admin('POST', `/admin/environments/${environment._id}/api-keys`)).body.data);
    return { environment, issued };
  }

  it('serves both replicas from their caches (a change no event announces is not seen before the TTL)', async () => {
    const {
      issued: [key],
    } = await environmentWithKeys('Cached', 1);
    expect((await me(first.baseUrl, key.key)).status).toBe(200);
    expect((await me(second.baseUrl, key.key)).status).toBe(200);
    await first.dataSource.query('UPDATE gateway.api_keys SET revoked_at = now() WHERE id = $1', [key._id]);
    expect((await me(first.baseUrl, key.key)).status).toBe(200);
    expect((await me(second.baseUrl, key.key)).status).toBe(200);
  });

  it('stops a key revoked on one replica on the other within seconds, not after the TTL', async () => {
    const {
      environment,
      issued: [revoked, kept],
    } = await environmentWithKeys('Revoked', 2);
    for (const baseUrl of [first.baseUrl, second.baseUrl]) {
      expect((await me(baseUrl, revoked.key)).status).toBe(200);
      expect((await me(baseUrl, kept.key)).status).toBe(200);
    }

    expect((await admin('DELETE', `/admin/api-keys/${revoked._id}`)).status).toBe(200);
    expect((await me(first.baseUrl, revoked.key)).status).toBe(401);
    await expectEventually(async () => expect((await me(second.baseUrl, revoked.key)).status).toBe(401), WITHIN_SECONDS);
    // Only the revoked key was evicted.
    expect((await me(second.baseUrl, kept.key)).body.data._id).toBe(environment._id);

    const [row] = await first.dataSource.query(`SELECT envelope, sent_at FROM gateway.outbox WHERE routing_key = 'api-key.revoked.v1' AND envelope->'data'->'apiKeyIds' ? $1`, [
      revoked._id,
    ]);
    expect(row.sent_at).not.toBeNull();
    expect(row.envelope).toMatchObject({ type: 'api-key.revoked.v1', environmentId: environment._id, data: { apiKeyIds: [revoked._id], reason: 'revoked' } });
    expect(JSON.stringify(row.envelope)).not.toContain(revoked.key);
  });

  it('stops a rotated key on the other replica, and the replacement works there', async () => {
    const {
      environment,
      issued: [old],
    } = await environmentWithKeys('Rotated', 1);
    expect((await me(first.baseUrl, old.key)).status).toBe(200);
    expect((await me(second.baseUrl, old.key)).status).toBe(200);
    const rotated = (await httpClient(second.baseUrl, `Bearer ${OPERATOR_TOKEN}`)('POST', `/admin/api-keys/${old._id}/rotate`)).body.data;
    await expectEventually(async () => expect((await me(first.baseUrl, old.key)).status).toBe(401), WITHIN_SECONDS);
    expect((await me(first.baseUrl, rotated.key)).body.data._id).toBe(environment._id);
    expect((await me(second.baseUrl, old.key)).status).toBe(401);
  });

  it('announces a revocation only once: revoking a revoked key writes no second event', async () => {
    const {
      issued: [key],
    } = await environmentWithKeys('Twice', 1);
    await admin('DELETE', `/admin/api-keys/${key._id}`);
    await admin('DELETE', `/admin/api-keys/${key._id}`);
    const [{ count }] = await first.dataSource.query(`SELECT count(*)::int AS count FROM gateway.outbox WHERE envelope->'data'->'apiKeyIds' ? $1`, [key._id]);
    expect(count).toBe(1);
  });
});
