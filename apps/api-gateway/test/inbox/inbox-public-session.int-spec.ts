import { createHmac } from 'node:crypto';

import { ApiKeySeal } from '../../src/core/crypto/api-key-seal';
import { ApiKeyHasher } from '../../src/pipeline/authentication/api-key-hasher';
import { GatewayTestApp, startGatewayTestApp, TestEnvironment } from '../support/gateway-test-app';

// The public `POST /v1/inbox/session` (decision 0034) behind the failed-authentication limit: an unknown
// applicationIdentifier and a wrong subscriberHash count; a key that cannot sign is said so and does not.
describe('api-gateway: the public inbox session and the failed-authentication limit', () => {
  let gateway: GatewayTestApp;

  beforeAll(async () => {
    gateway = await startGatewayTestApp({
      AUTH_FAILURES_PER_ADDRESS: '3',
      AUTH_FAILURE_WINDOW_SECONDS: '600',
      TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(() => gateway?.close());

  const identifierOf = async (environment: TestEnvironment): Promise<string> =>
    (
      await gateway.dataSource.query('SELECT identifier FROM gateway.environments WHERE id = $1', [
        environment.environmentId,
      ])
    )[0].identifier;
  const requireHmac = (environment: TestEnvironment) =>
    gateway.dataSource.query('UPDATE gateway.environments SET inbox_hmac = true WHERE id = $1', [
      environment.environmentId,
    ]);
  const session = async (clientAddress: string, body: Record<string, unknown>) => {
    const response = await fetch(`${gateway.baseUrl}/v1/inbox/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': clientAddress },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { message: string } };
  };

  it('says when HMAC is on but no key of the environment can sign, without counting a failure', async () => {
    const environment = await gateway.createEnvironment('Unsealed');
    await requireHmac(environment);
    const applicationIdentifier = await identifierOf(environment);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await session('198.51.100.1', {
        applicationIdentifier,
        subscriberId: 'ada',
        subscriberHash: 'ab',
      });
      expect(answer.status).toBe(401);
      expect(answer.body.message).toMatch(/Rotate a key \(herald key rotate\)/);
    }
  });

  it('counts unknown applicationIdentifiers towards the address: 429 past the limit', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await session('198.51.100.2', { applicationIdentifier: `nope-${attempt}`, subscriberId: 'ada' });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts wrong subscriberHashes, and past the limit refuses even the right one', async () => {
    const environment = await gateway.createEnvironment('Sealed');
    await requireHmac(environment);
    // The key as keys issued from now on are stored: beside its hash, sealed.
    const keyHash = new ApiKeyHasher(gateway.config.API_KEY_HMAC_SECRET).hash(environment.apiKey);
    const sealed = ApiKeySeal.fromConfig(gateway.config).seal(environment.environmentId, keyHash, environment.apiKey);
    await gateway.dataSource.query(
      `UPDATE gateway.api_keys SET sealed_key_id = $2, sealed_iv = $3, sealed_tag = $4, sealed_ciphertext = $5
        WHERE environment_id = $1`,
      [environment.environmentId, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext],
    );
    const applicationIdentifier = await identifierOf(environment);
    const wrong = createHmac('sha256', 'another-key').update('ada').digest('hex');
    const right = createHmac('sha256', environment.apiKey).update('ada').digest('hex');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const answer = await session('198.51.100.3', {
        applicationIdentifier,
        subscriberId: 'ada',
        subscriberHash: wrong,
      });
      expect(answer.body.message).toMatch(/HMAC|Too many/);
      statuses.push(answer.status);
    }
    statuses.push(
      (await session('198.51.100.3', { applicationIdentifier, subscriberId: 'ada', subscriberHash: right })).status,
    );
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
