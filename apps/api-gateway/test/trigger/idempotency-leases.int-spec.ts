import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

import { expectEventually } from '@herald/testing';
import Fastify, { FastifyInstance } from 'fastify';

import { REDIS, RedisClient } from '../../src/adapters/redis/redis.provider';
import { RedisLuaScript } from '../../src/adapters/redis/redis-lua.script';
import { IdempotencyStore } from '../../src/pipeline/idempotency/idempotency.store';
import { IdempotencyLeases } from '../../src/pipeline/idempotency/idempotency-leases';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';

const LEASE_MS = 600;

/**
 * The lease of a keyed request that outlives it: renewed while the request runs, settled by the
 * response, left to expire when the client goes away. A bare Fastify server stands in for a slow
 * route (the handler waits until the test lets it answer); the leases are the gateway's own.
 */
describe('idempotency leases of long requests', () => {
  let gateway: GatewayTestApp;
  let redis: RedisClient;
  let store: IdempotencyStore;
  let server: FastifyInstance;
  let baseUrl: string;
  const releases = new Map<string, () => void>();

  beforeAll(async () => {
    gateway = await startGatewayTestApp({ IDEMPOTENCY_LEASE_MS: String(LEASE_MS) });
    redis = gateway.app.get<RedisClient>(REDIS);
    store = gateway.app.get(IdempotencyStore);
    server = Fastify();
    gateway.app.get(IdempotencyLeases).settleOnSend(server);
    server.post<{ Params: { key: string } }>('/slow/:key', async (request, reply) => {
      const { key } = request.params;
      expect(await store.acquire(key, 'slow-route', 'fp')).toEqual({ state: 'acquired' });
      gateway.app.get(IdempotencyLeases).hold(request, reply, key, 'slow-route');
      await new Promise<void>((resolve) => releases.set(key, resolve));
      return reply.code(201).send({ done: key });
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
  });

  const stateOf = async (key: string) => (await redis.hGetAll(key)).state;

  it('keeps the lease of a request running longer than the lease, then stores its response', async () => {
    const key = `herald:test:lease:${randomUUID()}`;
    const started = Date.now();
    const response = fetch(`${baseUrl}/slow/${encodeURIComponent(key)}`, { method: 'POST' });
    // Two lease lengths later the key is still held: it was renewed.
    await expectEventually(
      async () => {
        expect(Date.now() - started).toBeGreaterThan(2 * LEASE_MS);
        expect(await stateOf(key)).toBe('in-progress');
      },
      { intervalMs: 100 },
    );
    releases.get(key)!();
    expect((await response).status).toBe(201);
    expect(await redis.hGetAll(key)).toMatchObject({
      state: 'completed',
      status: '201',
      body: JSON.stringify({ done: key }),
    });
  });

  it('stops renewing once the client went away, so the key frees itself', async () => {
    const key = `herald:test:lease:${randomUUID()}`;
    const request = http.request(`${baseUrl}/slow/${encodeURIComponent(key)}`, { method: 'POST' });
    request.on('error', () => undefined);
    request.end();
    await expectEventually(async () => expect(await stateOf(key)).toBe('in-progress'));
    request.destroy();
    await expectEventually(async () => expect(await redis.exists(key)).toBe(0), { intervalMs: 100 });
    releases.get(key)!();
  });

  it('loads a script Redis does not know yet (NOSCRIPT), then runs it by its SHA', async () => {
    const script = new RedisLuaScript(`-- ${randomUUID()}\nreturn ARGV[1]`);
    expect(await script.run(redis, [], ['first'])).toBe('first');
    expect(await script.run(redis, [], ['again'])).toBe('again');
  });
});
