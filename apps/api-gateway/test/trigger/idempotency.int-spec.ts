import { expectEventually } from '@herald/testing';

import { REDIS, RedisClient } from '../../src/adapters/redis/redis.provider';
import { idempotencyRedisKey, IdempotencyStore } from '../../src/pipeline/idempotency/idempotency.store';
import { requestFingerprint } from '../../src/pipeline/idempotency/request-fingerprint';
import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

const WORKFLOW = 'idempotent-workflow';

describe('idempotency', () => {
  let kit: TriggerTestKit;
  let redis: RedisClient;
  let counter = 0;
  const freshKey = () => `key-${Date.now()}-${(counter += 1)}`;
  const trigger = (body: unknown, key?: string, method = 'POST') =>
    kit.send('/v1/events/trigger', body, { method, headers: key === undefined ? {} : { 'idempotency-key': key } });
  const body = (overrides: Record<string, unknown> = {}) => ({
    name: WORKFLOW,
    to: ['subscriber-1'],
    payload: { n: 1, nested: { a: 1, b: 2 } },
    ...overrides,
  });

  /** What a gateway that crashed mid-request leaves behind: an in-progress lease. */
  async function plantLease(key: string, requestBody: unknown, ttlMs: number): Promise<void> {
    const redisKey = idempotencyRedisKey(kit.gateway.environment.environmentId, key);
    await redis.hSet(redisKey, {
      state: 'in-progress',
      owner: 'crashed-gateway',
      fingerprint: requestFingerprint('POST', '/v1/events/trigger', requestBody),
    });
    await redis.pExpire(redisKey, ttlMs);
  }

  beforeAll(async () => {
    kit = await startTriggerTestKit({ IDEMPOTENCY_LEASE_MS: '600' });
    redis = kit.gateway.app.get<RedisClient>(REDIS);
    await kit.createWorkflow(WORKFLOW);
  });
  beforeEach(() => kit.triggers.drain());
  afterAll(() => kit.close());

  it('runs a keyed request once and replays its response, whatever the key order of the body', async () => {
    const key = freshKey();
    const first = await trigger(body(), key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-key')).toBe(key);
    expect(first.headers.get('idempotency-replay')).toBeNull();
    const reordered = { payload: { nested: { b: 2, a: 1 }, n: 1 }, to: ['subscriber-1'], name: WORKFLOW };
    const replay = await trigger(reordered, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotency-replay')).toBe('true');
    expect(replay.headers.get('idempotency-key')).toBe(key);
    expect(replay.body).toEqual(first.body);
    expect(await kit.triggers.count()).toBe(1);
  });

  it('derives the transactionId from the key, and keeps the client’s own', async () => {
    const key = freshKey();
    const derived = (await trigger(body(), key)).body.data.transactionId;
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    expect((await trigger(body({ transactionId: 'mine' }), freshKey())).body.data.transactionId).toBe('mine');
    const [message] = await kit.triggers.drain();
    expect(message.data).toMatchObject({ transactionId: derived, idempotencyKey: key });
  });

  it('is 422 for the same key with another body', async () => {
    const key = freshKey();
    expect((await trigger(body(), key)).status).toBe(201);
    const reused = await trigger(body({ payload: { n: 2 } }), key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      statusCode: 422,
      message: `Request with key "${key}" is being reused for a different body`,
    });
    expect(reused.body.errors['idempotency-key'].value).toBe(key);
  });

  it('replays a 4xx answer too', async () => {
    const key = freshKey();
    const invalid = await trigger({ name: WORKFLOW }, key);
    expect(invalid.status).toBe(422);
    const replay = await trigger({ name: WORKFLOW }, key);
    expect(replay.status).toBe(422);
    expect(replay.headers.get('idempotency-replay')).toBe('true');
    expect(replay.body).toEqual(invalid.body);
  });

  it('is 409 with Retry-After while the first request is in progress, and runs once the lease of a crashed gateway expired', async () => {
    const key = freshKey();
    await plantLease(key, body(), 400);
    const conflict = await trigger(body(), key);
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('retry-after')).toBe('1');
    expect(conflict.body).toMatchObject({ statusCode: 409, path: '/v1/events/trigger' });
    await expectEventually(async () => expect((await trigger(body(), key)).status).toBe(201), { intervalMs: 100 });
    expect(await kit.triggers.count()).toBe(1);
  });

  it('lets exactly one of 50 concurrent requests with one key publish', async () => {
    const key = freshKey();
    const responses = await Promise.all(Array.from({ length: 50 }, () => trigger(body(), key)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(1);
    const originals = responses.filter(
      (response) => response.status === 201 && response.headers.get('idempotency-replay') === null,
    );
    expect(originals).toHaveLength(1);
    await expectEventually(async () => expect(await kit.triggers.count()).toBe(1));
  });

  it('does not keep a 5xx: the key is released and the retry succeeds', async () => {
    const key = freshKey();
    await kit.triggers.unbind();
    try {
      const failed = await trigger(body(), key);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('1');
    } finally {
      await kit.triggers.rebind();
    }
    const retried = await trigger(body(), key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotency-replay')).toBeNull();
    expect(await kit.triggers.count()).toBe(1);
  });

  it('lets only the lease owner renew, complete or release it', async () => {
    const store = kit.gateway.app.get(IdempotencyStore);
    const redisKey = idempotencyRedisKey(kit.gateway.environment.environmentId, freshKey());
    expect(await store.acquire(redisKey, 'owner', 'fp')).toEqual({ state: 'acquired' });
    expect(await store.acquire(redisKey, 'stranger', 'fp')).toEqual({ state: 'in-progress', fingerprint: 'fp' });
    await redis.pExpire(redisKey, 100);
    expect(await store.renew(redisKey, 'owner')).toBe(true);
    expect(await redis.pTTL(redisKey)).toBeGreaterThan(300);
    expect(await store.renew(redisKey, 'stranger')).toBe(false);
    expect(await store.complete(redisKey, 'stranger', { status: 201, body: '{}' })).toBe(false);
    await store.release(redisKey, 'stranger');
    expect(await store.complete(redisKey, 'owner', { status: 201, body: '{"ok":true}' })).toBe(true);
    expect(await store.acquire(redisKey, 'later', 'fp')).toEqual({
      state: 'completed',
      fingerprint: 'fp',
      response: { status: 201, body: '{"ok":true}' },
    });
    expect(await redis.ttl(redisKey)).toBeGreaterThan(86_000);
    expect(await store.renew(redisKey, 'owner')).toBe(false);
  });

  it('scopes keys to the environment', async () => {
    const key = freshKey();
    const other = await kit.gateway.createEnvironment('other');
    await kit.createWorkflow(WORKFLOW, {}, other);
    expect((await trigger(body(), key)).status).toBe(201);
    const elsewhere = await kit.send('/v1/events/trigger', body({ payload: { different: true } }), {
      environment: other,
      headers: { 'idempotency-key': key },
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get('idempotency-replay')).toBeNull();
  });

  it('is 400 for a key over 255 characters and ignores keys on GET', async () => {
    const tooLong = await trigger(body(), 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ type: 'INVALID_IDEMPOTENCY_KEY', errors: [{ field: 'idempotency-key' }] });
    expect((await trigger(body(), 'k'.repeat(255))).status).toBe(201);
    const key = freshKey();
    for (let i = 0; i < 2; i += 1) {
      const me = await kit.send('/v1/environments/me', undefined, {
        method: 'GET',
        headers: { 'idempotency-key': key },
      });
      expect(me.status).toBe(200);
      expect(me.headers.get('idempotency-replay')).toBeNull();
      expect(me.headers.get('idempotency-key')).toBeNull();
    }
  });
});
