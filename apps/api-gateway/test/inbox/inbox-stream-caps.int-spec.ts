import { expectEventually } from '@herald/testing';

import { InboxTestWorld, newSubscriber } from './support/inbox-test-world';
import { SseClient } from './support/sse-client';

describe('api-gateway: open inbox streams are capped per subscriber and per environment', () => {
  let t: InboxTestWorld;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_caps', {
      INBOX_STREAMS_PER_SUBSCRIBER: '2',
      INBOX_STREAMS_PER_ENVIRONMENT: '3',
    });
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await t?.close();
  });

  const open = async (token: string) => {
    const client = await t.openStream(token);
    clients.push(client);
    return client;
  };
  const refused = async (token: string) => {
    const response = await fetch(`${t.gateway.baseUrl}/v1/inbox/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await response.json();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  };

  it('answers 429 with Retry-After over either cap, and admits again once a stream closes', async () => {
    const [a, b, c] = [newSubscriber().subscriberId, newSubscriber().subscriberId, newSubscriber().subscriberId];
    const [tokenA, tokenB, tokenC] = await Promise.all([a, b, c].map((id) => t.sessionToken(id)));
    const firstA = await open(tokenA);
    await open(tokenA);
    const overSubscriber = await refused(tokenA);
    expect(overSubscriber).toMatchObject({
      status: 429,
      retryAfter: '5',
      body: { message: expect.stringContaining('this subscriber') },
    });
    expect(JSON.stringify(overSubscriber.body)).not.toContain(tokenA);

    await open(tokenB);
    const overEnvironment = await refused(tokenC);
    expect(overEnvironment).toMatchObject({
      status: 429,
      body: { message: expect.stringContaining("this environment's") },
    });

    // Another environment has its own allowance.
    const other = await t.gateway.createEnvironment('Caps other');
    await open(await t.sessionToken(a, other));

    const before = t.hub.openStreams;
    firstA.close();
    await expectEventually(() => expect(t.hub.openStreams).toBe(before - 1));
    await open(tokenC);
  });
});
