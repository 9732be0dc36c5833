import { expectEventually } from '@herald/testing';

import { InboxSessionTokens, subscriberHashOf } from '../../src/pipeline/authentication/inbox-session.token';
import { TestEnvironment } from '../support/gateway-test-app';
import { InboxTestWorld, newSubscriber, type StreamedItem } from './support/inbox-test-world';
import { SseClient } from './support/sse-client';

describe('api-gateway: inbox session and SSE stream', () => {
  let t: InboxTestWorld;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_stream', { INBOX_REQUIRE_HMAC: 'true', INBOX_STREAM_HEARTBEAT_MS: '200' });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await t?.close();
  });

  const session = (subscriberId: string, subscriberHash?: string, environment: TestEnvironment = t.environment) =>
    t.http('POST', '/v1/inbox/session', { apiKey: environment.apiKey, body: { subscriberId, subscriberHash } });

  const tokenFor = (subscriberId: string, environment: TestEnvironment = t.environment) =>
    t.sessionToken(subscriberId, environment);

  async function open(token: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = await t.openStream(token, { headers });
    clients.push(client);
    return client;
  }

  const items = (client: SseClient) => client.messages<StreamedItem>();
  const ids = (client: SseClient) => client.events.map((event) => Number(event.id));
  const ascending = (values: number[]) => values.every((value, index) => index === 0 || value > values[index - 1]);

  it('issues a session token only with the right subscriberHash', async () => {
    const subscriberId = newSubscriber().subscriberId;
    const ok = await session(subscriberId, subscriberHashOf(t.environment.apiKey, subscriberId));
    expect(ok).toMatchObject({
      status: 201,
      body: { data: { token: expect.any(String), subscriberId, expiresAt: expect.any(String) } },
    });
    for (const hash of [
      undefined,
      subscriberHashOf(t.environment.apiKey, 'someone-else'),
      subscriberHashOf('another-key', subscriberId),
    ]) {
      const refused = await session(subscriberId, hash);
      expect(refused).toMatchObject({
        status: 401,
        body: {
          statusCode: 401,
          message: 'Please provide a valid HMAC hash',
          path: '/v1/inbox/session',
          timestamp: expect.any(String),
        },
      });
    }
    expect(
      (await t.http('POST', '/v1/inbox/session', { apiKey: 'hk_test_unknown-key', body: { subscriberId } })).status,
    ).toBe(401);
  });

  it('refuses a missing, forged or expired token with a 401 in the gateway’s error shape', async () => {
    const subscriberId = newSubscriber().subscriberId;
    const valid = await tokenFor(subscriberId);
    const forged = new InboxSessionTokens('not-the-secret').sign({
      ...t.environment,
      subscriberId,
      expiresAt: Date.now() + 60_000,
    });
    const expired = new InboxSessionTokens(t.gateway.config.INBOX_SESSION_SECRET).sign({
      ...t.environment,
      subscriberId,
      expiresAt: Date.now() - 2_000,
    });
    const cases: [Record<string, string>, string][] = [
      [{}, 'Inbox session token not found: send "Authorization: Bearer <token>" or ?token='],
      [{ authorization: `Bearer ${forged}` }, 'Invalid inbox session token'],
      [{ authorization: `Bearer ${valid.slice(0, -2)}xx` }, 'Invalid inbox session token'],
      [{ authorization: `Bearer ${expired}` }, 'Inbox session token expired'],
    ];
    for (const [headers, message] of cases) {
      const client = await SseClient.open(`${t.gateway.baseUrl}/v1/inbox/stream`, headers);
      expect({ status: client.status, body: client.body }).toEqual({
        status: 401,
        body: expect.objectContaining({
          statusCode: 401,
          message,
          path: '/v1/inbox/stream',
          timestamp: expect.any(String),
        }),
      });
    }
    const byQuery = await SseClient.open(`${t.gateway.baseUrl}/v1/inbox/stream?token=${encodeURIComponent(valid)}`);
    clients.push(byQuery);
    expect(byQuery.status).toBe(200);
  });

  it('pushes concurrently delivered messages in seq order, with heartbeats in between', async () => {
    const ada = newSubscriber();
    const client = await open(await tokenFor(ada.subscriberId));
    const bodies = Array.from({ length: 12 }, (_, index) => `live-${index}`);
    await Promise.all(bodies.map((body) => t.deliver(ada, body)));
    await client.waitForEvents(bodies.length);
    expect(
      items(client)
        .map((item) => item.content)
        .sort(),
    ).toEqual([...bodies].sort());
    expect(ascending(ids(client))).toBe(true);
    expect(ids(client)).toEqual(items(client).map((item) => item.seq));
    expect(client.events.every((event) => event.event === 'notification_received')).toBe(true);
    expect(items(client)[0]).toMatchObject({
      _subscriberId: ada.subscriberId,
      _environmentId: t.environment.environmentId,
    });
    await expectEventually(() => expect(client.comments).toContain('heartbeat'));
  });

  it('resends exactly what a reconnecting client missed (Last-Event-ID), then live messages', async () => {
    const ada = newSubscriber();
    const token = await tokenFor(ada.subscriberId);
    const first = await open(token);
    await Promise.all(['a1', 'a2'].map((body) => t.deliver(ada, body)));
    await first.waitForEvents(2);
    const lastEventId = first.events[first.events.length - 1].id as string;
    first.close();
    await expectEventually(() => expect(t.hub.openStreams).toBe(0));

    const missed = ['b1', 'b2', 'b3', 'b4'];
    await Promise.all(missed.map((body) => t.deliver(ada, body)));
    const second = await open(token, { 'last-event-id': lastEventId });
    await second.waitForEvents(missed.length);
    await Promise.all(['c1', 'c2'].map((body) => t.deliver(ada, body)));
    await second.waitForEvents(missed.length + 2);
    const contents = items(second).map((item) => item.content);
    expect(contents.slice(0, 4).sort()).toEqual(missed);
    expect(contents.slice(4).sort()).toEqual(['c1', 'c2']);
    expect(new Set(items(second).map((item) => item._id)).size).toBe(6);
    expect(ascending(ids(second))).toBe(true);
    expect(Math.min(...ids(second))).toBeGreaterThan(Number(lastEventId));
  });

  it('streams a subscriber’s messages only to its own environment', async () => {
    const other = await t.gateway.createEnvironment('Other');
    const ada = newSubscriber();
    const ours = await open(await tokenFor(ada.subscriberId));
    const theirs = await open(await tokenFor(ada.subscriberId, other));
    await t.deliver(ada, 'ours');
    await ours.waitForEvents(1);
    await t.deliver(ada, 'theirs', other);
    await theirs.waitForEvents(1);
    expect(items(ours).map((item) => item.content)).toEqual(['ours']);
    expect(items(theirs)).toEqual([
      expect.objectContaining({ content: 'theirs', _environmentId: other.environmentId }),
    ]);
  });

  it('ends open streams when the gateway shuts down', async () => {
    const client = await open(await tokenFor(newSubscriber().subscriberId));
    await t.closeGateway();
    await expectEventually(() => expect(client.isEnded).toBe(true));
  });
});
