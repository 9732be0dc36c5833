import { randomBytes } from 'node:crypto';

import { expectEventually } from '@herald/testing';

import { InboxStreamHub } from '../../src/features/inbox/inbox-stream.hub';
import { InboxCountsListener } from '../../src/features/inbox-realtime/inbox-counts.listener';
import { InboxSessionTokens } from '../../src/pipeline/authentication/inbox-session.token';
import { InboxTestWorld, newSubscriber } from '../inbox/support/inbox-test-world';
import { startGatewayReplica, TestEnvironment } from '../support/gateway-test-app';
import { NovuSocketClient, SocketRefused } from './support/novu-socket-client';

const PER_SUBSCRIBER = 2;
const PER_ENVIRONMENT = 4;

/**
 * Who may hold an inbox socket, and what it sees: refused handshakes (no, forged, expired or
 * rotated-out token; over a cap shared with SSE streams), tokens of the previous secret during a
 * rotation, isolation between subscribers and environments, and shutdown letting clients reconnect.
 */
describe('api-gateway: inbox socket access and isolation', () => {
  let t: InboxTestWorld;
  const clients: NovuSocketClient[] = [];

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_socket_access', {
      INBOX_STREAMS_PER_SUBSCRIBER: String(PER_SUBSCRIBER),
      INBOX_STREAMS_PER_ENVIRONMENT: String(PER_ENVIRONMENT),
    });
    await expectEventually(() => expect(t.gateway.app.get(InboxCountsListener).isListening).toBe(true));
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await expectEventually(() => expect(t.hub.openStreams).toBe(0));
  });

  afterAll(async () => {
    await t?.close();
  });

  async function connect(token: string, baseUrl = t.gateway.baseUrl, hub = t.hub): Promise<NovuSocketClient> {
    const before = hub.openStreams;
    const client = await NovuSocketClient.open(baseUrl, token);
    clients.push(client);
    await expectEventually(() => expect(hub.openStreams).toBeGreaterThan(before));
    return client;
  }

  const refusal = async (token: string | undefined, baseUrl = t.gateway.baseUrl): Promise<SocketRefused> => {
    const answer = await NovuSocketClient.connect(baseUrl, token);
    if (answer instanceof NovuSocketClient) {
      clients.push(answer);
      throw new Error('the socket was accepted');
    }
    return answer;
  };

  const signed = (secret: string, subscriberId: string, expiresAt = Date.now() + 60_000) =>
    new InboxSessionTokens(secret).sign({
      environmentId: t.environment.environmentId,
      organizationId: t.environment.organizationId,
      subscriberId,
      expiresAt,
    });

  it('refuses a handshake without a token, with a forged, expired or tampered one', async () => {
    const { subscriberId } = newSubscriber();
    const secret = t.gateway.config.INBOX_SESSION_SECRET;
    const good = await t.sessionToken(subscriberId);
    const [body, signature] = good.split('.');
    const otherSubscriber = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), s: 'someone-else' }),
    ).toString('base64url');

    for (const token of [undefined, ''])
      expect((await refusal(token)).data).toEqual({
        statusCode: 401,
        message: 'Inbox session token not found: connect with query { token }',
      });
    for (const token of ['garbage', `${otherSubscriber}.${signature}`, signed('not-the-secret', subscriberId)])
      expect((await refusal(token)).data).toEqual({ statusCode: 401, message: 'Invalid inbox session token' });
    expect((await refusal(signed(secret, subscriberId, Date.now() - 1_000))).data).toEqual({
      statusCode: 401,
      message: 'Inbox session token expired',
    });
    expect(t.hub.openStreams).toBe(0);
  });

  it('refuses every handshake, a valid token too, from an address that used up its failed authentications', async () => {
    // The limit is counted per address in Redis for every replica of this world; a replica with a
    // low limit reaches it within a few forged tokens, whatever the other cases counted before.
    const strict = await startGatewayReplica(t.gateway, { AUTH_FAILURES_PER_ADDRESS: '2' });
    try {
      const statuses: (number | undefined)[] = [];
      for (let attempt = 0; attempt < 3 && statuses.at(-1) !== 429; attempt += 1)
        statuses.push((await refusal('forged.token', strict.baseUrl)).data?.statusCode);
      expect(statuses.at(-1)).toBe(429);
      const valid = await t.sessionToken(newSubscriber().subscriberId);
      expect((await refusal(valid, strict.baseUrl)).data).toMatchObject({
        statusCode: 429,
        message: 'Too many failed authentications from this address; retry later',
        retryAfter: expect.any(Number),
      });
    } finally {
      await strict.close();
    }
  });

  it('accepts tokens of the previous secret during a rotation, and refuses them once it is rotated out', async () => {
    const { subscriberId } = newSubscriber();
    const oldToken = await t.sessionToken(subscriberId);
    const next = randomBytes(32).toString('base64');
    // Replicas restarted with the new secret: while the old one is still PREVIOUS, its tokens connect.
    const rotating = await startGatewayReplica(t.gateway, {
      INBOX_SESSION_SECRET: next,
      INBOX_SESSION_SECRET_PREVIOUS: t.gateway.config.INBOX_SESSION_SECRET,
    });
    const rotated = await startGatewayReplica(t.gateway, { INBOX_SESSION_SECRET: next });
    try {
      const client = await connect(oldToken, rotating.baseUrl, rotating.app.get(InboxStreamHub));
      expect(client.connected).toBe(true);
      expect((await refusal(oldToken, rotated.baseUrl)).data?.statusCode).toBe(401);
      expect(await connect(signed(next, subscriberId), rotated.baseUrl, rotated.app.get(InboxStreamHub))).toBeTruthy();
    } finally {
      for (const client of clients.splice(0)) client.close();
      await rotating.close();
      await rotated.close();
    }
  });

  it('counts sockets and SSE streams against the same caps, and refuses the one over', async () => {
    const { subscriberId } = newSubscriber();
    const token = await t.sessionToken(subscriberId);
    await connect(token);
    const stream = await t.openStream(token);
    try {
      expect((await refusal(token)).data).toEqual({
        statusCode: 429,
        message: 'Too many open inbox streams for this subscriber on this server',
        retryAfter: 5,
      });
      for (let i = 0; i < PER_ENVIRONMENT - PER_SUBSCRIBER; i += 1)
        await connect(await t.sessionToken(newSubscriber().subscriberId));
      expect((await refusal(await t.sessionToken(newSubscriber().subscriberId))).data?.message).toBe(
        "Too many open inbox streams for this environment's subscribers on this server",
      );
    } finally {
      stream.close();
    }
  });

  it('never sends a subscriber another subscriber’s events, in its environment or another', async () => {
    const envB: TestEnvironment = await t.gateway.createEnvironment('Socket isolation B');
    const x = newSubscriber();
    const y = newSubscriber();
    const xInB = { ...x, id: newSubscriber().id };
    const xA = await connect(await t.sessionToken(x.subscriberId));
    const yA = await connect(await t.sessionToken(y.subscriberId));
    const xB = await connect(await t.sessionToken(x.subscriberId, envB));

    // Each replica handles these in one FIFO queue per event: once X's own event has arrived, any
    // misrouted event for Y or for X in the other environment, created before it, would have too.
    await t.deliver(y, 'for Y');
    await yA.waitFor('unread_count_changed');
    await t.deliver(xInB, 'for X in B', envB);
    await xB.waitFor('unread_count_changed');
    await t.deliver(x, 'for X in A');
    await xA.waitFor('unread_count_changed');
    await xA.waitFor('notification_received');
    await xB.waitFor('notification_received');
    await yA.waitFor('notification_received');

    const contents = (client: NovuSocketClient) =>
      client.received('notification_received').map(({ message }) => message.content);
    expect(contents(xA)).toEqual(['for X in A']);
    expect(contents(xB)).toEqual(['for X in B']);
    expect(contents(yA)).toEqual(['for Y']);
    for (const client of [xA, xB, yA]) {
      expect(client.received('unseen_count_changed')).toEqual([{ unseenCount: 1 }]);
      expect(client.received('unread_count_changed')).toHaveLength(1);
    }
    expect(xB.received('notification_received')[0].message._environmentId).toBe(envB.environmentId);
  });

  it('closes sockets on shutdown so that socket.io-client reconnects (to another replica)', async () => {
    const replica = await startGatewayReplica(t.gateway);
    const client = await connect(
      await t.sessionToken(newSubscriber().subscriberId),
      replica.baseUrl,
      replica.app.get(InboxStreamHub),
    );
    const reason = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    await replica.close();
    // "io server disconnect" would leave the client disconnected for good.
    expect(await reason).toBe('transport close');
    expect(client.socket.active).toBe(true);
    client.close();
  });
});
