import { expectEventually } from '@herald/testing';

import type { TestEnvironment } from '../support/gateway-test-app';
import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

// A trigger whose recipients all name nobody: answered 201 `invalid_recipients` without the broker.
const CHEAP_TRIGGER = { name: 'any-workflow', to: [''] };

describe('rate limits', () => {
  let kit: TriggerTestKit;
  const trigger = (environment: TestEnvironment, headers: Record<string, string> = {}) =>
    kit.send('/v1/events/trigger', CHEAP_TRIGGER, { environment, headers });

  beforeAll(async () => {
    kit = await startTriggerTestKit({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_TRIGGER_BURST: '3',
      RATE_LIMIT_TRIGGER_PER_SECOND: '2',
      RATE_LIMIT_OTHER_BURST: '2',
      RATE_LIMIT_OTHER_PER_SECOND: '1',
    });
  });
  afterAll(() => kit.close());

  it('lets a burst through with RateLimit headers, then answers 429 with Retry-After', async () => {
    const environment = await kit.gateway.createEnvironment('burst');
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await trigger(environment);
      expect(response.status).toBe(201);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-policy')).toBe(
        '2;w=1;burst=3;comment="token bucket";category="trigger";cost=1',
      );
      remaining.push(response.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await trigger(environment);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, path: '/v1/events/trigger' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    await expectEventually(async () => expect((await trigger(environment)).status).toBe(201), { intervalMs: 100 });
  });

  it('keeps categories and environments apart', async () => {
    const environment = await kit.gateway.createEnvironment('categories');
    for (let i = 0; i < 3; i += 1) await trigger(environment);
    expect((await trigger(environment)).status).toBe(429);
    const other = await kit.send('/v1/environments/me', undefined, { method: 'GET', environment });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-policy')).toContain('category="other"');
    expect((await trigger(kit.gateway.environment)).status).toBe(201);
  });

  it('charges a bulk its recipients, one per subscriber of each event', async () => {
    const environment = await kit.gateway.createEnvironment('bulk');
    const events = [CHEAP_TRIGGER, { ...CHEAP_TRIGGER, to: ['a', 'b'] }];
    const bulk = await kit.send('/v1/events/trigger/bulk', { events }, { environment });
    expect(bulk.status).toBe(201);
    expect(bulk.headers.get('ratelimit-policy')).toContain('cost=3');
    expect(bulk.headers.get('ratelimit-remaining')).toBe('0');
    expect((await trigger(environment)).status).toBe(429);
  });

  it('charges a broadcast a whole bucket when trigger-worker cannot count its audience', async () => {
    // No trigger-worker in this kit: the count fails, the broadcast is not a 5xx and costs the burst.
    const environment = await kit.gateway.createEnvironment('uncounted');
    const broadcast = await kit.send('/v1/events/trigger/broadcast', { name: 'w' }, { environment });
    expect(broadcast.status).toBeLessThan(500);
    expect(broadcast.headers.get('ratelimit-policy')).toContain('cost=3');
    expect(broadcast.headers.get('ratelimit-remaining')).toBe('0');
    expect((await trigger(environment)).status).toBe(429);
  });

  it('does not keep a 429 under an idempotency key', async () => {
    const environment = await kit.gateway.createEnvironment('keyed');
    for (let i = 0; i < 3; i += 1) await trigger(environment);
    const headers = { 'idempotency-key': 'rate-limited-once' };
    expect((await trigger(environment, headers)).status).toBe(429);
    const retried = await expectEventually(
      async () => {
        const response = await trigger(environment, headers);
        expect(response.status).toBe(201);
        return response;
      },
      { intervalMs: 100 },
    );
    expect(retried.headers.get('idempotency-replay')).toBeNull();
  });

  it('limits before idempotency: an exhausted bucket refuses even a replay', async () => {
    const environment = await kit.gateway.createEnvironment('ordering');
    const headers = { 'idempotency-key': 'replayed' };
    expect((await trigger(environment, headers)).status).toBe(201);
    for (let i = 0; i < 2; i += 1) await trigger(environment);
    expect((await trigger(environment, headers)).status).toBe(429);
  });

  it('does not limit unauthenticated routes', async () => {
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${kit.gateway.baseUrl}/health/live`)).status).toBe(200);
  });
});
