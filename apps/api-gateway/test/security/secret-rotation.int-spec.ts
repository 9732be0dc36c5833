import { createHmac, randomBytes } from 'node:crypto';

import { DEV_SECRETS } from '@herald/config';

import { InboxSessionTokens } from '../../src/pipeline/authentication/inbox-session.token';
import { httpClient } from '../control-plane/http-client';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const generated = () => randomBytes(32).toString('base64');

describe('api-gateway: rotating secrets without downtime', () => {
  const previous = { INBOX_SESSION_SECRET: generated(), API_KEY_HMAC_SECRET: generated() };
  const current = {
    INBOX_SESSION_SECRET: generated(),
    API_KEY_HMAC_SECRET: generated(),
    CREDENTIALS_ENCRYPTION_KEY: generated(),
    RUNNER_CREDENTIALS_KEY: generated(),
  };
  const operatorToken = generated();
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    gateway = await startGatewayTestApp({
      NODE_ENV: 'production',
      ...current,
      INBOX_SESSION_SECRET_PREVIOUS: previous.INBOX_SESSION_SECRET,
      API_KEY_HMAC_SECRET_PREVIOUS: previous.API_KEY_HMAC_SECRET,
      OPERATOR_TOKEN: operatorToken,
      AUTH_FAILURES_PER_ADDRESS: '20',
      AUTH_FAILURE_WINDOW_SECONDS: '900',
    });
  });
  afterAll(() => gateway?.close());

  const me = (apiKey: string) => httpClient(gateway.baseUrl, `ApiKey ${apiKey}`)('GET', '/v1/environments/me');
  const admin = (token: string) => httpClient(gateway.adminUrl, `Bearer ${token}`);

  /** A key stored as it was before the rotation: its hash under `secret`. */
  async function keyStoredUnder(secret: string): Promise<string> {
    const apiKey = `hk_test_${randomBytes(16).toString('hex')}`;
    await gateway.dataSource.query(
      'INSERT INTO gateway.api_keys (environment_id, key_hash, key_hint) VALUES ($1, $2, $3)',
      [gateway.environment.environmentId, createHmac('sha256', secret).update(apiKey).digest('hex'), apiKey.slice(-4)],
    );
    return apiKey;
  }

  async function openStream(token: string): Promise<number> {
    const abort = new AbortController();
    const response = await fetch(`${gateway.baseUrl}/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    abort.abort();
    return response.status;
  }

  it('still opens an API key stored under the previous secret, and no other secret', async () => {
    expect((await me(await keyStoredUnder(previous.API_KEY_HMAC_SECRET))).status).toBe(200);
    expect((await me(await keyStoredUnder(current.API_KEY_HMAC_SECRET))).status).toBe(200);
    expect((await me(await keyStoredUnder(DEV_SECRETS.API_KEY_HMAC_SECRET))).status).toBe(401);
  });

  it('stores a new API key under the current secret only', async () => {
    const organization = (await admin(operatorToken)('POST', '/admin/organizations', { name: 'Rotation org' })).body
      .data;
    const environment = (
      await admin(operatorToken)('POST', `/admin/organizations/${organization._id}/environments`, { name: 'Rotation' })
    ).body.data;
    const issued = (await admin(operatorToken)('POST', `/admin/environments/${environment._id}/api-keys`)).body.data;
    const [row] = await gateway.dataSource.query('SELECT key_hash FROM gateway.api_keys WHERE id = $1', [issued._id]);
    expect(row.key_hash).toBe(createHmac('sha256', current.API_KEY_HMAC_SECRET).update(issued.key).digest('hex'));
  });

  it('verifies inbox session tokens the previous secret signed, and signs new ones with the current secret', async () => {
    const owner = {
      environmentId: gateway.environment.environmentId,
      organizationId: gateway.environment.organizationId,
      subscriberId: 'ada',
      expiresAt: Date.now() + 60_000,
    };
    expect(await openStream(new InboxSessionTokens(previous.INBOX_SESSION_SECRET).sign(owner))).toBe(200);
    expect(await openStream(new InboxSessionTokens(DEV_SECRETS.INBOX_SESSION_SECRET).sign(owner))).toBe(401);
    const issued = await httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`)(
      'POST',
      '/v1/inbox/session',
      { subscriberId: 'ada' },
    );
    expect(issued.status).toBe(201);
    const token: string = issued.body.data.token;
    expect(new InboxSessionTokens(current.INBOX_SESSION_SECRET).verify(token).ok).toBe(true);
    expect(new InboxSessionTokens(previous.INBOX_SESSION_SECRET).verify(token)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('throttles operator-token guesses per address: 429 with Retry-After, even for the right token', async () => {
    // Every failed authentication of this address counts (earlier cases spent a few): guess until refused.
    const statuses: number[] = [];
    for (let guess = 0; guess < 20 && statuses.at(-1) !== 429; guess += 1) {
      statuses.push(
        (await admin(generated())('GET', '/admin/organizations/00000000-0000-0000-0000-000000000000')).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
    const locked = await admin(operatorToken)('POST', '/admin/organizations', { name: 'Locked out' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(JSON.stringify(locked.body)).not.toContain(operatorToken);
  });
});
