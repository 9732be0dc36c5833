import type { TestEnvironment } from '../support/gateway-test-app';
import { type JsonResponse, startWorkerRoutesWorld, WorkerRoutesWorld } from './support/worker-routes-world';

// A small trigger bucket (50 tokens, 5 per second) against audiences of 200 subscribers: a
// broadcast or topic trigger costs 200 tokens, is admitted on a full bucket and leaves a debt of
// 150 — about 30 s before the next trigger of that environment fits.
const BURST = 50;
const PER_SECOND = 5;
const AUDIENCE = 200;
const WORKFLOW = 'audience-news';

describe('rate limits charged by audience size', () => {
  let world: WorkerRoutesWorld;

  beforeAll(async () => {
    world = await startWorkerRoutesWorld('wr_audience', {
      RATE_LIMIT_TRIGGER_BURST: String(BURST),
      RATE_LIMIT_TRIGGER_PER_SECOND: String(PER_SECOND),
    });
    await world.createWorkflow(WORKFLOW);
  });
  afterAll(() => world?.close());

  /** A new environment with the workflow and `AUDIENCE` subscribers (`s0`…). */
  async function environmentWithAudience(name: string): Promise<TestEnvironment> {
    const environment = await world.gateway.createEnvironment(name);
    const workflow = await world.http(
      'POST',
      '/v2/workflows',
      {
        name: WORKFLOW,
        workflowId: WORKFLOW,
        active: true,
        steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello' } }],
      },
      environment,
    );
    expect(workflow.status).toBe(201);
    const subscribers = Array.from({ length: AUDIENCE }, (_, i) => ({ subscriberId: `s${i}` }));
    expect((await world.http('POST', '/v1/subscribers/bulk', { subscribers }, environment)).status).toBe(201);
    return environment;
  }

  const trigger = (environment: TestEnvironment, to: unknown = 'solo') =>
    world.http('POST', '/v1/events/trigger', { name: WORKFLOW, to }, environment);

  /** The Retry-After of a 429 (seconds). */
  function refusedFor(response: JsonResponse): number {
    expect(response.status).toBe(429);
    return Number(response.headers.get('retry-after'));
  }

  it("charges a broadcast its environment's subscribers; the debt refuses what follows, other environments go on", async () => {
    const b = await environmentWithAudience('B broadcaster');
    const [broadcast, aTrigger] = await Promise.all([
      world.http('POST', '/v1/events/trigger/broadcast', { name: WORKFLOW }, b),
      trigger(world.gateway.environment),
    ]);
    expect(broadcast.status).toBe(201);
    expect(broadcast.headers.get('ratelimit-policy')).toContain(`cost=${AUDIENCE}`);
    expect(broadcast.headers.get('ratelimit-remaining')).toBe('0');
    expect(aTrigger.status).toBe(201);

    // 150 tokens owed at 5/s: a single trigger waits ~30 s (a flat-cost bucket would say 1 s).
    expect(refusedFor(await trigger(b))).toBeGreaterThanOrEqual(20);
    expect(
      refusedFor(await world.http('POST', '/v1/events/trigger/broadcast', { name: WORKFLOW }, b)),
    ).toBeGreaterThanOrEqual(refusedFor(await trigger(b)));
    expect((await trigger(world.gateway.environment)).status).toBe(201);
  });

  it('charges a topic trigger the size of its topic', async () => {
    const c = await environmentWithAudience('C topics');
    for (let from = 0; from < AUDIENCE; from += 100) {
      const subscriberIds = Array.from({ length: 100 }, (_, i) => `s${from + i}`);
      expect((await world.http('POST', '/v2/topics/everyone/subscriptions', { subscriberIds }, c)).status).toBe(201);
    }
    const topical = await trigger(c, [{ type: 'Topic', topicKey: 'everyone' }]);
    expect(topical.status).toBe(201);
    expect(topical.headers.get('ratelimit-policy')).toContain(`cost=${AUDIENCE}`);
    expect(refusedFor(await trigger(c))).toBeGreaterThanOrEqual(20);
  });

  it('charges a bulk the sum of its events: a topic its size each time, a subscriber 1', async () => {
    const d = await environmentWithAudience('D bulk');
    const subscriberIds = Array.from({ length: 20 }, (_, i) => `s${i}`);
    expect((await world.http('POST', '/v2/topics/few/subscriptions', { subscriberIds }, d)).status).toBe(201);
    const event = { name: WORKFLOW, to: [{ type: 'Topic', topicKey: 'few' }, 's100'] };
    const bulk = await world.http('POST', '/v1/events/trigger/bulk', { events: [event, event] }, d);
    expect(bulk.status).toBe(201);
    expect(bulk.headers.get('ratelimit-policy')).toContain(`cost=${2 * (20 + 1)}`);
    expect(bulk.headers.get('ratelimit-remaining')).toBe(String(BURST - 42));
  });

  it('keeps a trigger naming only subscribers at one token each', async () => {
    const e = await world.gateway.createEnvironment('E plain');
    const single = await trigger(e, 'solo');
    expect(single.headers.get('ratelimit-policy')).toContain('cost=1');
    const three = await trigger(e, ['a', 'b', { subscriberId: 'c' }]);
    expect(three.headers.get('ratelimit-policy')).toContain('cost=3');
  });
});
