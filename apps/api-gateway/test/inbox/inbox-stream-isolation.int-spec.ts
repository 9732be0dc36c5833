import { expectEventually } from '@herald/testing';

import { InboxStreamHub } from '../../src/features/inbox/inbox-stream.hub';
import { InboxSessionTokens, subscriberHashOf } from '../../src/pipeline/authentication/inbox-session.token';
import { GatewayTestReplica, startGatewayReplica, TestEnvironment } from '../support/gateway-test-app';
import { InboxTestWorld, newSubscriber, type StreamedItem } from './support/inbox-test-world';
import { SseClient } from './support/sse-client';

interface FeedBody {
  data: StreamedItem[];
  totalCount: number;
}

/**
 * Isolation of the inbox stream and feed with VALID credentials only: every session token, API key
 * and subscriberHash here is genuine; what must hold is that it only ever shows its own
 * (environment, subscriber)'s messages.
 *
 * Absence is proven by order, not by waiting: every open stream is registered before any message
 * is delivered, each gateway replica dispatches `inbox.message-created.v1` from its own FIFO queue
 * synchronously to the matching streams, and a stream sends what it was offered in `seq` order. So
 * when message M (for someone else) has reached its own stream, any wrong routing of M has already
 * happened; the next message N for this stream is created only then (higher `seq`, later in every
 * replica's queue), and this stream receiving exactly [..., N] — with M nowhere before it — proves
 * M never came and never will.
 */
describe('api-gateway: inbox stream and feed isolation with valid credentials', () => {
  let t: InboxTestWorld;
  let replica: GatewayTestReplica;
  let envA: TestEnvironment;
  let envB: TestEnvironment;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_isolation', { INBOX_REQUIRE_HMAC: 'true' });
    // A second replica (same secret, database and broker prefix): it consumes every message on its own queue too.
    replica = await startGatewayReplica(t.gateway, { INBOX_REQUIRE_HMAC: 'true' });
    await expectEventually(() => expect(replica.app.get(InboxStreamHub).isListening).toBe(true));
    envA = t.environment;
    envB = await t.gateway.createEnvironment('Isolation B');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await expectEventually(() => expect(t.hub.openStreams + replica.app.get(InboxStreamHub).openStreams).toBe(0));
  });

  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  const session = (apiKey: string, subscriberId: string, subscriberHash: string) =>
    t.http('POST', '/v1/inbox/session', { apiKey, body: { subscriberId, subscriberHash } });
  const tokenFor = (environment: TestEnvironment, subscriberId: string) => t.sessionToken(subscriberId, environment);

  /** Opens a stream on the primary gateway or on the replica. */
  async function open(
    token: string,
    on: 'primary' | 'replica' = 'primary',
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const client = await t.openStream(
      token,
      on === 'primary' ? { headers } : { baseUrl: replica.baseUrl, hub: replica.app.get(InboxStreamHub), headers },
    );
    clients.push(client);
    return client;
  }

  const items = (client: SseClient) => client.messages<StreamedItem>();

  /** Waits for the stream's n-th event, then asserts its events are exactly `contents`, in order (a leaked message would be among them). */
  async function expectStreamed(client: SseClient, contents: string[]): Promise<void> {
    await client.waitForEvents(contents.length);
    expect(items(client).map((item) => item.content)).toEqual(contents);
  }

  const feed = async (environment: TestEnvironment, subscriberId: string): Promise<FeedBody> => {
    const result = await t.http(
      'GET',
      `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/feed?limit=100`,
      { apiKey: environment.apiKey },
    );
    expect(result.status).toBe(200);
    return result.body;
  };
  const unseen = async (environment: TestEnvironment, subscriberId: string): Promise<number> =>
    (
      await t.http('GET', `/v1/subscribers/${encodeURIComponent(subscriberId)}/notifications/unseen`, {
        apiKey: environment.apiKey,
      })
    ).body.data.count;

  function expectOwnedBy(client: SseClient, environment: TestEnvironment, subscriberId: string): void {
    for (const item of items(client))
      expect(item).toMatchObject({ _environmentId: environment.environmentId, _subscriberId: subscriberId });
  }

  it('keeps two environments’ streams and feeds apart for the same subscriberId, on every replica', async () => {
    const ada = newSubscriber();
    const inA = { ...ada, id: newSubscriber().id };
    const inB = { ...ada, id: newSubscriber().id };
    const a = await open(await tokenFor(envA, ada.subscriberId));
    const b = await open(await tokenFor(envB, ada.subscriberId));
    const aOnReplica = await open(await tokenFor(envA, ada.subscriberId), 'replica');
    const bOnReplica = await open(await tokenFor(envB, ada.subscriberId), 'replica');

    await t.deliver(inA, 'A-1', envA);
    await expectStreamed(a, ['A-1']);
    await expectStreamed(aOnReplica, ['A-1']);
    // A-1 has been dispatched on both replicas; B-1 comes after it everywhere.
    await t.deliver(inB, 'B-1', envB);
    await expectStreamed(b, ['B-1']);
    await expectStreamed(bOnReplica, ['B-1']);
    // And the other way round: B-1 has been dispatched; A-2 comes after it.
    await t.deliver(inA, 'A-2', envA);
    await expectStreamed(a, ['A-1', 'A-2']);
    await expectStreamed(aOnReplica, ['A-1', 'A-2']);
    // A-2 was dispatched before B-2 was created: B's streams still hold nothing of A's.
    await t.deliver(inB, 'B-2', envB);
    await expectStreamed(b, ['B-1', 'B-2']);
    await expectStreamed(bOnReplica, ['B-1', 'B-2']);

    for (const client of [a, aOnReplica]) expectOwnedBy(client, envA, ada.subscriberId);
    for (const client of [b, bOnReplica]) expectOwnedBy(client, envB, ada.subscriberId);

    const feedA = await feed(envA, ada.subscriberId);
    const feedB = await feed(envB, ada.subscriberId);
    expect({ contents: feedA.data.map((item) => item.content), totalCount: feedA.totalCount }).toEqual({
      contents: ['A-2', 'A-1'],
      totalCount: 2,
    });
    expect({ contents: feedB.data.map((item) => item.content), totalCount: feedB.totalCount }).toEqual({
      contents: ['B-2', 'B-1'],
      totalCount: 2,
    });
    for (const item of feedA.data) expect(item._environmentId).toBe(envA.environmentId);
    for (const item of feedB.data) expect(item._environmentId).toBe(envB.environmentId);
    // The streamed ids are the feed's ids: each environment saw its own rows, not copies of the other's.
    expect(
      items(a)
        .map((item) => item._id)
        .sort(),
    ).toEqual(feedA.data.map((item) => item._id).sort());
    expect(
      items(b)
        .map((item) => item._id)
        .sort(),
    ).toEqual(feedB.data.map((item) => item._id).sort());
    expect(await unseen(envA, ada.subscriberId)).toBe(2);
    expect(await unseen(envB, ada.subscriberId)).toBe(2);
  });

  it('resumes (Last-Event-ID) with only the own environment’s missed messages', async () => {
    const ada = newSubscriber();
    const inA = { ...ada, id: newSubscriber().id };
    const inB = { ...ada, id: newSubscriber().id };
    // Delivered while nobody is connected: they come back through the inbox table, not the broker.
    await t.deliver(inA, 'missed-A', envA);
    await t.deliver(inB, 'missed-B', envB);

    const a = await open(await tokenFor(envA, ada.subscriberId), 'primary', { 'last-event-id': '0' });
    const b = await open(await tokenFor(envB, ada.subscriberId), 'replica', { 'last-event-id': '0' });
    // The backlog is written before any live message, so a live message following it closes the backlog.
    await expectStreamed(a, ['missed-A']);
    await expectStreamed(b, ['missed-B']);
    await t.deliver(inA, 'live-A', envA);
    await expectStreamed(a, ['missed-A', 'live-A']);
    await t.deliver(inB, 'live-B', envB);
    await expectStreamed(b, ['missed-B', 'live-B']);
    expectOwnedBy(a, envA, ada.subscriberId);
    expectOwnedBy(b, envB, ada.subscriberId);
  });

  it('pushes a message only to its own subscriber within one environment (ids that differ only in case)', async () => {
    const ada = newSubscriber();
    const alan = { ...newSubscriber(), subscriberId: ada.subscriberId.toUpperCase() };
    const adaStream = await open(await tokenFor(envA, ada.subscriberId));
    const adaSecondTab = await open(await tokenFor(envA, ada.subscriberId), 'replica');
    const alanStream = await open(await tokenFor(envA, alan.subscriberId));

    await t.deliver(ada, 'for-ada-1');
    await expectStreamed(adaStream, ['for-ada-1']);
    await expectStreamed(adaSecondTab, ['for-ada-1']);
    await t.deliver(alan, 'for-alan-1');
    await expectStreamed(alanStream, ['for-alan-1']);
    await t.deliver(ada, 'for-ada-2');
    await expectStreamed(adaStream, ['for-ada-1', 'for-ada-2']);
    await expectStreamed(adaSecondTab, ['for-ada-1', 'for-ada-2']);
    await t.deliver(alan, 'for-alan-2');
    await expectStreamed(alanStream, ['for-alan-1', 'for-alan-2']);

    expectOwnedBy(adaStream, envA, ada.subscriberId);
    expectOwnedBy(alanStream, envA, alan.subscriberId);
    expect((await feed(envA, ada.subscriberId)).data.map((item) => item.content)).toEqual(['for-ada-2', 'for-ada-1']);
    expect((await feed(envA, alan.subscriberId)).data.map((item) => item.content)).toEqual([
      'for-alan-2',
      'for-alan-1',
    ]);
  });

  it('refuses a genuine subscriberHash presented for another subscriber or in another environment', async () => {
    const x = newSubscriber().subscriberId;
    const y = newSubscriber().subscriberId;
    const refused = {
      status: 401,
      body: expect.objectContaining({
        statusCode: 401,
        message: 'Please provide a valid HMAC hash',
        path: '/v1/inbox/session',
      }),
    };
    // Each hash below is valid for what it was made for.
    expect((await session(envA.apiKey, x, subscriberHashOf(envA.apiKey, x))).status).toBe(201);
    expect((await session(envB.apiKey, x, subscriberHashOf(envB.apiKey, x))).status).toBe(201);
    // X's hash with subscriberId Y (same environment), in either case of hex.
    expect(await session(envA.apiKey, y, subscriberHashOf(envA.apiKey, x))).toEqual(refused);
    expect(await session(envA.apiKey, y, subscriberHashOf(envA.apiKey, x).toUpperCase())).toEqual(refused);
    // Environment B's hash of X presented with environment A's key, and the other way round.
    expect(await session(envA.apiKey, x, subscriberHashOf(envB.apiKey, x))).toEqual(refused);
    expect(await session(envB.apiKey, x, subscriberHashOf(envA.apiKey, x))).toEqual(refused);
    // The token granted for X in A names X in A only (what such a token streams is checked above).
    const verdict = new InboxSessionTokens(t.gateway.config.INBOX_SESSION_SECRET).verify(await tokenFor(envA, x));
    expect(verdict).toMatchObject({
      ok: true,
      session: { environmentId: envA.environmentId, organizationId: envA.organizationId, subscriberId: x },
    });
  });
});
