import { REDIS, RedisClient } from '../../src/adapters/redis/redis.provider';
import { idempotencyRedisKey } from '../../src/pipeline/idempotency/idempotency.store';
import { httpClient } from '../control-plane/http-client';
import type { TestEnvironment } from '../support/gateway-test-app';
import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
const WORKFLOW = 'per-org-workflow';
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/;
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/;

describe('idempotency switched per organization', () => {
  let kit: TriggerTestKit;
  let admin: ReturnType<typeof httpClient>;
  let redis: RedisClient;
  let organizationId: string;
  let environment: TestEnvironment;
  let counter = 0;
  const freshKey = () => `org-key-${Date.now()}-${(counter += 1)}`;
  const trigger = (key: string, on: TestEnvironment = environment) =>
    kit.send(
      '/v1/events/trigger',
      { name: WORKFLOW, to: ['subscriber-1'], payload: { n: 1 } },
      { environment: on, headers: { 'idempotency-key': key } },
    );
  const setIdempotency = (enabled: boolean) =>
    admin('PATCH', `/admin/organizations/${organizationId}`, { idempotencyEnabled: enabled });

  beforeAll(async () => {
    kit = await startTriggerTestKit({ OPERATOR_TOKEN, API_KEY_CACHE_TTL_MS: '3600000' });
    admin = httpClient(kit.gateway.adminUrl, `Bearer ${OPERATOR_TOKEN}`);
    redis = kit.gateway.app.get<RedisClient>(REDIS);
    const organization = (await admin('POST', '/admin/organizations', { name: 'Switchable' })).body.data;
    organizationId = organization._id;
    const created = (await admin('POST', `/admin/organizations/${organizationId}/environments`, { name: 'Production' }))
      .body.data;
    const issued = (await admin('POST', `/admin/environments/${created._id}/api-keys`)).body.data;
    environment = { apiKey: issued.key, environmentId: created._id, organizationId };
    await kit.createWorkflow(WORKFLOW, {}, environment);
    await kit.createWorkflow(WORKFLOW);
  });
  beforeEach(() => kit.triggers.drain());
  afterAll(() => kit.close());

  it('is on by default', async () => {
    expect((await admin('GET', `/admin/organizations/${organizationId}`)).body.data).toMatchObject({
      _id: organizationId,
      idempotencyEnabled: true,
    });
    const key = freshKey();
    const first = await trigger(key);
    const replay = await trigger(key);
    expect(replay.headers.get('idempotency-replay')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(first.body.data.transactionId).toMatch(V5);
    expect(await kit.triggers.count()).toBe(1);
  });

  it('ignores the key while off: no lease, no replay, no echo, no derived transactionId — at once, although the key is cached', async () => {
    expect((await setIdempotency(false)).body.data).toMatchObject({ _id: organizationId, idempotencyEnabled: false });
    const key = freshKey();
    const responses = [await trigger(key), await trigger(key)];
    for (const response of responses) {
      expect(response.status).toBe(201);
      expect(response.body.data.transactionId).toMatch(V4);
      expect(response.headers.get('idempotency-replay')).toBeNull();
      expect(response.headers.get('idempotency-key')).toBeNull();
    }
    expect(responses[0].body.data.transactionId).not.toBe(responses[1].body.data.transactionId);
    const published = await kit.triggers.drain();
    expect(published).toHaveLength(2);
    for (const message of published) expect(message.data.idempotencyKey).toBeUndefined();
    expect(await redis.exists(idempotencyRedisKey(environment.environmentId, key))).toBe(0);
    // An over-long key is not refused either: it means nothing.
    expect((await trigger('k'.repeat(300))).status).toBe(201);
  });

  it('leaves other organizations on', async () => {
    const key = freshKey();
    await trigger(key, kit.gateway.environment);
    expect((await trigger(key, kit.gateway.environment)).headers.get('idempotency-replay')).toBe('true');
  });

  it('honours keys again once switched back on', async () => {
    expect((await setIdempotency(true)).body.data.idempotencyEnabled).toBe(true);
    const key = freshKey();
    await trigger(key);
    const replay = await trigger(key);
    expect(replay.headers.get('idempotency-replay')).toBe('true');
    expect(replay.headers.get('idempotency-key')).toBe(key);
    expect(await kit.triggers.count()).toBe(1);
  });

  it('can be created off, and validates changes', async () => {
    const off = await admin('POST', '/admin/organizations', { name: 'Off from the start', idempotencyEnabled: false });
    expect(off.body.data).toMatchObject({ idempotencyEnabled: false });
    expect((await admin('PATCH', `/admin/organizations/${organizationId}`, {})).status).toBe(422);
    expect(
      (await admin('PATCH', `/admin/organizations/${organizationId}`, { idempotencyEnabled: 'no' })).body,
    ).toMatchObject({
      statusCode: 422,
      errors: { idempotencyEnabled: { messages: ['must be a boolean'] } },
    });
    expect(
      (await admin('PATCH', `/admin/organizations/${organizationId}`, { idempotencyEnabled: true, plan: 'gold' }))
        .status,
    ).toBe(422);
    expect(
      (await admin('PATCH', '/admin/organizations/00000000-0000-4000-8000-000000000000', { idempotencyEnabled: true }))
        .status,
    ).toBe(404);
    expect((await admin('GET', '/admin/organizations/not-a-uuid')).status).toBe(404);
  });
});
