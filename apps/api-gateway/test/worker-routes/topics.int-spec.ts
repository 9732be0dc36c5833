import type { TestEnvironment } from '../support/gateway-test-app';
import { startWorkerRoutesWorld, WorkerRoutesWorld } from './support/worker-routes-world';

describe('topic routes served by trigger-worker', () => {
  let world: WorkerRoutesWorld;
  let other: TestEnvironment;

  beforeAll(async () => {
    world = await startWorkerRoutesWorld('wr_topics');
    other = await world.gateway.createEnvironment('Other');
    const created = await world.http('POST', '/v1/subscribers/bulk', {
      subscribers: ['ann', 'bob', 'cy'].map((subscriberId) => ({ subscriberId, firstName: subscriberId })),
    });
    expect(created.status).toBe(201);
  });

  afterAll(() => world?.close());

  it('creates, lists, reads, renames and deletes topics (raw HTTP)', async () => {
    const created = await world.http('POST', '/v2/topics', { key: 'news', name: 'News' });
    expect(created).toMatchObject({
      status: 201,
      body: {
        data: {
          _id: expect.any(String),
          key: 'news',
          name: 'News',
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      },
    });
    const unnamed = await world.http('POST', '/v2/topics', { key: 'bare' });
    expect(unnamed.body.data).not.toHaveProperty('name');
    const conflict = await world.http('POST', '/v2/topics?failIfExists=true', { key: 'news' });
    expect(conflict).toMatchObject({
      status: 409,
      body: { statusCode: 409, key: 'news', _id: created.body.data._id, message: 'Topic "news" already exists' },
    });

    expect((await world.http('PATCH', '/v2/topics/news', { name: 'Daily news' })).body.data).toMatchObject({
      key: 'news',
      name: 'Daily news',
    });
    expect((await world.http('GET', '/v2/topics/news')).body.data.name).toBe('Daily news');
    const list = await world.http('GET', '/v2/topics?limit=1');
    expect(list.body).toMatchObject({
      data: [{ key: 'bare' }],
      next: expect.any(String),
      previous: null,
      totalCount: 2,
      totalCountCapped: false,
    });
    const rest = await world.http('GET', `/v2/topics?limit=1&after=${encodeURIComponent(list.body.next)}`);
    expect(rest.body).toMatchObject({ data: [{ key: 'news' }], next: null });

    expect(await world.http('DELETE', '/v2/topics/bare')).toMatchObject({
      status: 200,
      body: { data: { acknowledged: true } },
    });
    const gone = await world.http('GET', '/v2/topics/bare');
    expect(gone).toMatchObject({ status: 404, body: { statusCode: 404, message: 'Topic bare not found' } });
  });

  it('answers bad bodies and queries with Novu-shaped 422s', async () => {
    expect((await world.http('POST', '/v2/topics', { name: 'no key' })).body).toMatchObject({
      statusCode: 422,
      errors: { key: { messages: [expect.any(String)] } },
    });
    expect((await world.http('POST', '/v2/topics', { key: 'has space' })).body.errors.key.messages[0]).toContain(
      'whitespace',
    );
    expect((await world.http('GET', '/v2/topics?before=abc')).status).toBe(422);
    expect((await world.http('POST', '/v2/topics/news/subscriptions', {})).body.errors).toEqual({
      subscriberIds: { messages: ['must name at least one subscriber'] },
    });
    const tooMany = await world.http('POST', '/v2/topics/news/subscriptions', {
      subscriberIds: Array.from({ length: 101 }, (_, i) => `s${i}`),
    });
    expect(tooMany.body.errors.subscriberIds.messages).toEqual(['must name at most 100 subscribers']);
  });

  it('subscribes, lists and unsubscribes (raw HTTP), reporting unknown subscribers', async () => {
    const subscribed = await world.http('POST', '/v2/topics/team/subscriptions', {
      subscriberIds: ['ann', 'bob', 'ghost'],
    });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body).toMatchObject({
      data: [
        {
          _id: expect.any(String),
          identifier: 'tk_team:si_ann',
          topic: { key: 'team' },
          subscriber: { subscriberId: 'ann', firstName: 'ann' },
          createdAt: expect.any(String),
        },
        { subscriber: { subscriberId: 'bob' } },
      ],
      meta: { totalCount: 3, successful: 2, failed: 1 },
      errors: [{ subscriberId: 'ghost', code: 'SUBSCRIBER_NOT_FOUND' }],
    });
    expect(
      (
        await world.http('POST', '/v2/topics/team/subscriptions', {
          subscriptions: ['cy', { subscriberId: 'ann', identifier: 'x' }],
        })
      ).body.meta,
    ).toEqual({ totalCount: 2, successful: 2, failed: 0 });

    const page = await world.http('GET', '/v2/topics/team/subscriptions?limit=2');
    expect(page.body).toMatchObject({
      data: [{ subscriber: { subscriberId: 'ann' } }, { subscriber: { subscriberId: 'bob' } }],
      next: 'bob',
      totalCount: 3,
      totalCountCapped: false,
    });
    expect(
      (await world.http('GET', '/v2/topics/team/subscriptions?after=bob')).body.data.map(
        (s: { subscriber: { subscriberId: string } }) => s.subscriber.subscriberId,
      ),
    ).toEqual(['cy']);

    const removed = await world.http('DELETE', '/v2/topics/team/subscriptions', { subscriberIds: ['bob', 'ghost'] });
    expect(removed).toMatchObject({
      status: 200,
      body: {
        data: [{ subscriber: { subscriberId: 'bob' } }],
        meta: { totalCount: 2, successful: 1, failed: 1 },
        errors: [{ subscriberId: 'ghost' }],
      },
    });
    expect((await world.http('GET', '/v2/topics/team/subscriptions')).body.totalCount).toBe(2);
    expect((await world.http('GET', '/v2/topics/nope/subscriptions')).status).toBe(404);
  });

  it('reads and names one subscription by its identifier (raw HTTP)', async () => {
    await world.http('POST', '/v2/topics/crew/subscriptions', { subscriberIds: ['ann', 'bob'] });
    const one = (identifier: string) => world.http('GET', `/v2/topics/crew/subscriptions/${identifier}`);
    const name = (identifier: string, body: unknown) =>
      world.http('PATCH', `/v2/topics/crew/subscriptions/${identifier}`, body);
    const before = await one('tk_crew:si_ann');
    expect(before).toMatchObject({ status: 200, body: { data: { identifier: 'tk_crew:si_ann', preferences: [] } } });
    expect(before.body.data).not.toHaveProperty('name');

    const named = await name('tk_crew:si_ann', { name: 'Ann on call' });
    expect(named).toMatchObject({
      status: 200,
      body: { data: { _id: before.body.data.id, name: 'Ann on call', subscriber: { subscriberId: 'ann' } } },
    });
    expect(Date.parse(named.body.data.updatedAt)).toBeGreaterThanOrEqual(Date.parse(named.body.data.createdAt));
    // Subscribing again keeps the subscription and its name; only Ann's has one.
    await world.http('POST', '/v2/topics/crew/subscriptions', { subscriberIds: ['ann'] });
    expect((await one('tk_crew:si_ann')).body.data.name).toBe('Ann on call');
    const names = (await world.http('GET', '/v2/topics/crew/subscriptions')).body.data.map(
      (s: { name?: string }) => s.name ?? null,
    );
    expect(names).toEqual(['Ann on call', null]);
    expect((await name('tk_crew:si_ann', {})).body.data.name).toBe('Ann on call');
    expect((await name('tk_crew:si_ann', { name: null })).body.data).not.toHaveProperty('name');

    for (const body of [{ name: 7 }, { preferences: ['wf'] }, { preferences: 'wf' }, { name: 'x'.repeat(256) }])
      expect(await name('tk_crew:si_ann', body)).toMatchObject({ status: 422, body: { statusCode: 422 } });
    expect((await name('tk_crew:si_ann', { name: 'Kept', preferences: [] })).status).toBe(200);
    for (const identifier of ['tk_crew:si_ghost', 'tk_crew:si_cy', 'ann', 'tk_team:si_ann', 'tk_crew:si_'])
      expect(await one(identifier)).toMatchObject({ status: 404, body: { statusCode: 404 } });
    expect((await name('tk_crew:si_cy', { name: 'x' })).status).toBe(404);
    expect((await world.http('GET', '/v2/topics/nowhere/subscriptions/tk_nowhere:si_ann')).status).toBe(404);
    expect((await world.http('GET', '/v2/topics/crew/subscriptions/tk_crew:si_ann', undefined, other)).status).toBe(
      404,
    );
  });

  it('works through the SDK', async () => {
    const novu = world.sdk();
    const created = await novu.topics.create({ key: 'sdk-topic', name: 'SDK' });
    expect(created.result).toMatchObject({ id: expect.any(String), key: 'sdk-topic', name: 'SDK' });
    await expect(novu.topics.create({ key: 'sdk-topic' }, true)).rejects.toMatchObject({ statusCode: 409 });
    expect((await novu.topics.get('sdk-topic')).result.name).toBe('SDK');
    expect((await novu.topics.update({ name: 'Renamed' }, 'sdk-topic')).result.name).toBe('Renamed');
    expect((await novu.topics.list({ key: 'sdk-' })).result).toMatchObject({
      data: [{ key: 'sdk-topic' }],
      totalCount: 1,
      next: null,
    });

    const subscribed = await novu.topics.subscriptions.create({ subscriberIds: ['ann', 'cy'] }, 'sdk-topic');
    expect(subscribed.result).toMatchObject({
      meta: { successful: 2, failed: 0 },
      data: [{ subscriber: { subscriberId: 'ann' } }, { subscriber: { subscriberId: 'cy' } }],
    });
    expect((await novu.topics.subscriptions.list({ topicKey: 'sdk-topic', subscriberId: 'cy' })).result.data).toEqual([
      expect.objectContaining({
        identifier: 'tk_sdk-topic:si_cy',
        topic: expect.objectContaining({ key: 'sdk-topic' }),
        subscriber: expect.objectContaining({ subscriberId: 'cy' }),
      }),
    ]);
    expect((await novu.topics.subscriptions.delete({ subscriberIds: ['ann'] }, 'sdk-topic')).result.meta).toEqual({
      totalCount: 1,
      successful: 1,
      failed: 0,
    });
    expect((await novu.topics.delete('sdk-topic')).result).toEqual({ acknowledged: true });
    await expect(novu.topics.get('sdk-topic')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('keeps environments apart', async () => {
    await world.http('POST', '/v2/topics', { key: 'private' });
    expect((await world.http('GET', '/v2/topics/private', undefined, other)).status).toBe(404);
    expect((await world.http('GET', '/v2/topics', undefined, other)).body).toMatchObject({ data: [], totalCount: 0 });
    // Another environment's subscribe creates its own topic and finds none of our subscribers.
    const foreign = await world.http('POST', '/v2/topics/private/subscriptions', { subscriberIds: ['ann'] }, other);
    expect(foreign.body).toMatchObject({ data: [], meta: { successful: 0, failed: 1 } });
    expect((await world.http('GET', '/v2/topics/private/subscriptions')).body.data).toEqual([]);
  });
});
