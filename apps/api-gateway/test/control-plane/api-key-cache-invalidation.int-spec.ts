import { randomUUID } from 'node:crypto';

import { expectEventually } from '@herald/testing';

import { ApiKeyCacheInvalidationListener } from '../../src/pipeline/authentication/api-key-cache-invalidation.listener';
import {
  GatewayTestApp,
  GatewayTestReplica,
  startGatewayReplica,
  startGatewayTestApp,
} from '../support/gateway-test-app';
import { httpClient } from './http-client';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
// Far longer than the test: a key (or a setting) that changed on a replica did so because of the event, not the TTL.
const ENV = { OPERATOR_TOKEN, API_KEY_CACHE_TTL_MS: '3600000' };
const WITHIN_SECONDS = { timeoutMs: 10_000, intervalMs: 100 };

describe('API-key cache invalidation across gateway replicas', () => {
  let first: GatewayTestApp;
  let second: GatewayTestReplica;
  let admin: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    first = await startGatewayTestApp(ENV);
    second = await startGatewayReplica(first, ENV);
    admin = httpClient(first.adminUrl, `Bearer ${OPERATOR_TOKEN}`);
    // Each replica clears its cache once its invalidation queue is consumed; wait for both.
    await expectEventually(() => {
      expect(first.app.get(ApiKeyCacheInvalidationListener).isListening).toBe(true);
      expect(second.app.get(ApiKeyCacheInvalidationListener).isListening).toBe(true);
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const me = (baseUrl: string, apiKey: string) => httpClient(baseUrl, `ApiKey ${apiKey}`)('GET', '/v1/environments/me');

  async function environmentWithKeys(name: string, keys: number) {
    const organization = (await admin('POST', '/admin/organizations', { name: `${name} org` })).body.data;
    const environment = (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name })).body
      .data;
    const issued = [];
    for (let i = 0; i < keys; i += 1)
      issued.push((await admin('POST', `/admin/environments/${environment._id}/api-keys`)).body.data);
    return { organization, environment, issued };
  }

  /**
   * Whether a replica honours `Idempotency-Key` for this key's organization, as a client sees it:
   * the key is echoed only while idempotency is on. The body is invalid (422), so nothing is triggered.
   */
  async function honoursIdempotency(baseUrl: string, apiKey: string): Promise<boolean> {
    const idempotencyKey = `probe-${randomUUID()}`;
    const response = await fetch(`${baseUrl}/v1/events/trigger`, {
      method: 'POST',
      headers: {
        authorization: `ApiKey ${apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: '{}',
    });
    expect(response.status).toBe(422);
    return response.headers.get('idempotency-key') === idempotencyKey;
  }

  it('serves both replicas from their caches (a change no event announces is not seen before the TTL)', async () => {
    const {
      issued: [key],
    } = await environmentWithKeys('Cached', 1);
    expect((await me(first.baseUrl, key.key)).status).toBe(200);
    expect((await me(second.baseUrl, key.key)).status).toBe(200);
    expect(await honoursIdempotency(second.baseUrl, key.key)).toBe(true);
    await first.dataSource.query('UPDATE gateway.api_keys SET revoked_at = now() WHERE id = $1', [key._id]);
    await first.dataSource.query(
      'UPDATE gateway.organizations o SET idempotency_enabled = false FROM gateway.environments e WHERE e.organization_id = o.id AND e.id = $1',
      [key._environmentId],
    );
    expect((await me(first.baseUrl, key.key)).status).toBe(200);
    expect((await me(second.baseUrl, key.key)).status).toBe(200);
    expect(await honoursIdempotency(second.baseUrl, key.key)).toBe(true);
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
    await expectEventually(
      async () => expect((await me(second.baseUrl, revoked.key)).status).toBe(401),
      WITHIN_SECONDS,
    );
    // Only the revoked key was evicted.
    expect((await me(second.baseUrl, kept.key)).body.data._id).toBe(environment._id);

    const [row] = await first.dataSource.query(
      `SELECT envelope, sent_at FROM gateway.outbox WHERE routing_key = 'api-key.revoked.v1' AND envelope->'data'->'apiKeyIds' ? $1`,
      [revoked._id],
    );
    expect(row.sent_at).not.toBeNull();
    expect(row.envelope).toMatchObject({
      type: 'api-key.revoked.v1',
      environmentId: environment._id,
      data: { apiKeyIds: [revoked._id], reason: 'revoked' },
    });
    expect(JSON.stringify(row.envelope)).not.toContain(revoked.key);
  });

  it('stops a rotated key on the other replica, and the replacement works there', async () => {
    const {
      environment,
      issued: [old],
    } = await environmentWithKeys('Rotated', 1);
    expect((await me(first.baseUrl, old.key)).status).toBe(200);
    expect((await me(second.baseUrl, old.key)).status).toBe(200);
    const rotated = (
      await httpClient(second.adminUrl, `Bearer ${OPERATOR_TOKEN}`)('POST', `/admin/api-keys/${old._id}/rotate`)
    ).body.data;
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
    const [{ count }] = await first.dataSource.query(
      `SELECT count(*)::int AS count FROM gateway.outbox WHERE envelope->'data'->'apiKeyIds' ? $1`,
      [key._id],
    );
    expect(count).toBe(1);
  });

  it('applies a settings change made on one replica on the other within seconds, not after the TTL', async () => {
    const {
      organization,
      environment,
      issued: [key],
    } = await environmentWithKeys('Settings', 1);
    const other = await environmentWithKeys('Unchanged', 1);
    for (const baseUrl of [first.baseUrl, second.baseUrl]) {
      expect(await honoursIdempotency(baseUrl, key.key)).toBe(true);
      expect(await honoursIdempotency(baseUrl, other.issued[0].key)).toBe(true);
    }

    const changed = await admin('PATCH', `/admin/organizations/${organization._id}`, { idempotencyEnabled: false });
    expect(changed.body.data).toMatchObject({ _id: organization._id, idempotencyEnabled: false });
    expect(await honoursIdempotency(first.baseUrl, key.key)).toBe(false);
    await expectEventually(
      async () => expect(await honoursIdempotency(second.baseUrl, key.key)).toBe(false),
      WITHIN_SECONDS,
    );
    expect(await honoursIdempotency(second.baseUrl, other.issued[0].key)).toBe(true);

    const rows = await first.dataSource.query(
      `SELECT envelope, sent_at FROM gateway.outbox WHERE routing_key = 'organization.settings-changed.v1' AND envelope->'data'->>'organizationId' = $1`,
      [organization._id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].sent_at).not.toBeNull();
    expect(rows[0].envelope).toMatchObject({
      type: 'organization.settings-changed.v1',
      environmentId: environment._id,
      data: { environmentId: environment._id, organizationId: organization._id, settings: ['idempotencyEnabled'] },
    });

    // And back, through the other replica.
    await httpClient(second.adminUrl, `Bearer ${OPERATOR_TOKEN}`)('PATCH', `/admin/organizations/${organization._id}`, {
      idempotencyEnabled: true,
      name: 'Renamed org',
    });
    await expectEventually(
      async () => expect(await honoursIdempotency(first.baseUrl, key.key)).toBe(true),
      WITHIN_SECONDS,
    );
  });

  it('announces a settings change once per environment of the organization, and a change to the current value not at all', async () => {
    const { organization, environment } = await environmentWithKeys('Announced', 0);
    const staging = (await admin('POST', `/admin/organizations/${organization._id}/environments`, { name: 'Staging' }))
      .body.data;
    const announced = async () =>
      first.dataSource.query(
        `SELECT envelope->'data' AS data FROM gateway.outbox WHERE routing_key = 'organization.settings-changed.v1' AND envelope->'data'->>'organizationId' = $1`,
        [organization._id],
      );

    expect(
      (
        await admin('PATCH', `/admin/organizations/${organization._id}`, {
          idempotencyEnabled: true,
          name: organization.name,
        })
      ).status,
    ).toBe(200);
    expect(await announced()).toEqual([]);

    expect(
      (
        await admin('PATCH', `/admin/organizations/${organization._id}`, {
          idempotencyEnabled: true,
          name: 'Announced org, renamed',
        })
      ).status,
    ).toBe(200);
    const rows: { data: { environmentId: string; settings: string[] } }[] = await announced();
    expect(rows.map((row) => row.data.environmentId).sort()).toEqual([environment._id, staging._id].sort());
    for (const row of rows) expect(row.data.settings).toEqual(['name']);
  });
});
