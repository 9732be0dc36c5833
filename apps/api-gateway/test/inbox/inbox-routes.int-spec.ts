import { FeedResponseDto$inboundSchema, MessageResponseDto$inboundSchema } from '@novu/api/models/components';

import { InboxTestWorld, newSubscriber } from './support/inbox-test-world';

describe('api-gateway: inbox routes (feed, unseen, mark-as, mark-all) over runner-in-app', () => {
  let t: InboxTestWorld;
  const ada = newSubscriber();
  const alan = newSubscriber();
  const feedPath = (subscriberId = ada.subscriberId, query = '') =>
    `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/feed${query}`;
  const unseen = async (subscriberId = ada.subscriberId, apiKey?: string) =>
    (await t.http('GET', `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/unseen`, { apiKey })).body;
  const contents = (body: { data: { content: string }[] }) => body.data.map((item) => item.content);

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_routes', { INBOX_RPC_TIMEOUT_MS: '1000' });
    for (const text of ['first', 'second', 'third']) await t.deliver(ada, text);
    await t.deliver(alan, 'other');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('pages the feed newest first, in Novu’s shape', async () => {
    const first = await t.http('GET', feedPath(ada.subscriberId, '?limit=2'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 0, pageSize: 2, hasMore: true, totalCount: 3 });
    expect(contents(first.body)).toEqual(['third', 'second']);
    expect(() => FeedResponseDto$inboundSchema.parse(first.body)).not.toThrow();
    expect(first.body.data[0]).toMatchObject({
      channel: 'in_app',
      read: false,
      seen: false,
      _subscriberId: ada.subscriberId,
      _environmentId: t.environment.environmentId,
      cta: { type: 'redirect', data: { url: 'https://example.com/x' } },
    });
    const second = await t.http('GET', feedPath(ada.subscriberId, '?limit=2&page=1'));
    expect(second.body).toMatchObject({ page: 1, hasMore: false });
    expect(contents(second.body)).toEqual(['first']);
  });

  it('answers the unseen count as {data: {count}}', async () => {
    expect(await unseen()).toEqual({ data: { count: 3 } });
    expect(await unseen(alan.subscriberId)).toEqual({ data: { count: 1 } });
  });

  it('marks one or several messages, ignoring other subscribers’ ids', async () => {
    const [newest] = (await t.http('GET', feedPath(ada.subscriberId, '?limit=1'))).body.data;
    const [alanMessage] = (await t.http('GET', feedPath(alan.subscriberId))).body.data;
    const marked = await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-as`, {
      body: { messageId: [newest._id, alanMessage._id], markAs: 'read' },
    });
    expect(marked.status).toBe(201);
    expect(marked.body.data).toEqual([expect.objectContaining({ _id: newest._id, read: true, seen: true })]);
    expect(() => MessageResponseDto$inboundSchema.parse(marked.body.data[0])).not.toThrow();
    expect(await unseen()).toEqual({ data: { count: 2 } });
    expect(contents((await t.http('GET', feedPath(ada.subscriberId, '?read=false'))).body)).toEqual([
      'second',
      'first',
    ]);
    const single = await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-as`, {
      body: { messageId: newest._id, markAs: 'unread' },
    });
    expect(single.body.data).toEqual([expect.objectContaining({ _id: newest._id, read: false })]);
  });

  it('marks all messages, answering how many changed', async () => {
    const result = await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-all`, {
      body: { markAs: 'seen' },
    });
    expect(result).toEqual({ status: 201, body: { data: 2 } });
    expect(await unseen()).toEqual({ data: { count: 0 } });
    expect((await t.http('GET', feedPath(ada.subscriberId, '?seen=false'))).body.totalCount).toBe(0);
    expect(await unseen(alan.subscriberId)).toEqual({ data: { count: 1 } });
  });

  it('validates queries and bodies (422) and requires an API key (401)', async () => {
    expect((await t.http('GET', feedPath(ada.subscriberId, '?limit=500'))).status).toBe(422);
    expect(
      (
        await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-as`, {
          body: { messageId: [], markAs: 'read' },
        })
      ).status,
    ).toBe(422);
    expect(
      (await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-all`, { body: { markAs: 'deleted' } }))
        .status,
    ).toBe(422);
    const anonymous = await t.http('GET', feedPath(), { apiKey: 'hk_test_not-a-real-key' });
    expect(anonymous).toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'API Key not found', path: expect.any(String), timestamp: expect.any(String) },
    });
  });

  it('keeps environments apart: another environment sees nothing of this one’s inbox', async () => {
    const other = await t.gateway.createEnvironment('Other');
    await t.deliver(ada, 'elsewhere', other);
    expect(contents((await t.http('GET', feedPath(), { apiKey: other.apiKey })).body)).toEqual(['elsewhere']);
    expect(await unseen(ada.subscriberId, other.apiKey)).toEqual({ data: { count: 1 } });
    const [ours] = (await t.http('GET', feedPath(ada.subscriberId, '?limit=1'))).body.data;
    const crossed = await t.http('POST', `/v1/subscribers/${ada.subscriberId}/messages/mark-as`, {
      apiKey: other.apiKey,
      body: { messageId: ours._id, markAs: 'read' },
    });
    expect(crossed.body).toEqual({ data: [] });
    expect(contents((await t.http('GET', feedPath())).body)).toEqual(['third', 'second', 'first']);
  });

  it('answers 503 when runner-in-app does not answer in time', async () => {
    await t.runner.close();
    const result = await t.http('GET', `/v1/subscribers/${ada.subscriberId}/notifications/unseen`);
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ statusCode: 503, message: expect.stringContaining('unavailable') });
  });
});
