import { expectEventually } from '@herald/testing';
import { Novu } from '@novu/js';

import { TriggerWorkerClient } from '../../src/adapters/trigger-worker-rpc/trigger-worker.client';
import { InboxStreamHub } from '../../src/features/inbox/inbox-stream.hub';
import { InboxCountsListener } from '../../src/features/inbox-realtime/inbox-counts.listener';
import { InboxTestWorld, newSubscriber } from '../inbox/support/inbox-test-world';
import { GatewayTestReplica, startGatewayReplica } from '../support/gateway-test-app';
import { NovuSocketClient } from './support/novu-socket-client';

/**
 * Novu's realtime inbox over socket.io, as `@novu/js` 3.19 uses it: `notification_received` with
 * the Novu message-entity fields the client dereferences, `unseen_count_changed` and
 * `unread_count_changed` on a new message and after a read from any source, and any replica
 * reaching a subscriber connected to another one.
 */
describe('api-gateway: inbox realtime over socket.io', () => {
  let t: InboxTestWorld;
  let replica: GatewayTestReplica;
  const clients: NovuSocketClient[] = [];

  beforeAll(async () => {
    t = await InboxTestWorld.start('gw_inbox_socket');
    await expectEventually(() => expect(t.gateway.app.get(InboxCountsListener).isListening).toBe(true));
    // A second replica (same secret, database and broker prefix), as behind one load balancer.
    replica = await startGatewayReplica(t.gateway);
    await expectEventually(() =>
      expect(replica.app.get(InboxStreamHub).isListening && replica.app.get(InboxCountsListener).isListening).toBe(
        true,
      ),
    );
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await expectEventually(() => expect(t.hub.openStreams + replica.app.get(InboxStreamHub).openStreams).toBe(0));
  });

  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  /** Connects as `@novu/js` does, and waits until the replica's hub holds the socket. */
  async function connect(token: string, on: 'primary' | 'replica' = 'primary'): Promise<NovuSocketClient> {
    const [baseUrl, hub] =
      on === 'primary' ? [t.gateway.baseUrl, t.hub] : [replica.baseUrl, replica.app.get(InboxStreamHub)];
    const before = hub.openStreams;
    const client = await NovuSocketClient.open(baseUrl, token);
    clients.push(client);
    await expectEventually(() => expect(hub.openStreams).toBeGreaterThan(before));
    return client;
  }

  const markAs = (subscriberId: string, messageId: string, mark: string, baseUrl = t.gateway.baseUrl) =>
    fetch(`${baseUrl}/v1/subscribers/${encodeURIComponent(subscriberId)}/messages/mark-as`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${t.environment.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId, markAs: mark }),
    });

  it('sends notification_received in Novu’s message-entity shape, then both counts', async () => {
    const subscriber = newSubscriber();
    const client = await connect(await t.sessionToken(subscriber.subscriberId));

    await t.deliver(subscriber, 'Hello over socket.io');
    const [{ message }] = await client.waitFor('notification_received');
    expect(message).toMatchObject({
      _id: expect.any(String),
      transactionId: expect.any(String),
      content: 'Hello over socket.io',
      read: false,
      seen: false,
      archived: false,
      createdAt: expect.any(String),
      channel: 'in_app',
      tags: [],
      data: {},
      severity: 'none',
      _environmentId: t.environment.environmentId,
      _subscriberId: subscriber.subscriberId,
      subscriber: { subscriberId: subscriber.subscriberId },
      // `@novu/js` reads cta.data.url/target and cta.action.buttons/status/result without checking cta.
      cta: {
        type: 'redirect',
        data: { url: 'https://example.com/x' },
        action: { status: 'pending', buttons: [], result: {} },
      },
      workflow: { identifier: expect.any(String), critical: false },
    });
    expect(await client.waitFor('unseen_count_changed')).toEqual([{ unseenCount: 1 }]);
    expect(await client.waitFor('unread_count_changed')).toEqual([
      { counts: { total: 1, severity: { high: 0, medium: 0, low: 0, none: 1 } } },
    ]);

    expect((await markAs(subscriber.subscriberId, message._id, 'read')).status).toBe(201);
    expect((await client.waitFor('unseen_count_changed', 2))[1]).toEqual({ unseenCount: 0 });
    expect((await client.waitFor('unread_count_changed', 2))[1]).toEqual({
      counts: { total: 0, severity: { high: 0, medium: 0, low: 0, none: 0 } },
    });
  });

  it('reaches a socket held by one replica from a change made through the other', async () => {
    const subscriber = newSubscriber();
    const client = await connect(await t.sessionToken(subscriber.subscriberId), 'replica');

    await t.deliver(subscriber, 'To the replica');
    const [{ message }] = await client.waitFor('notification_received');
    expect(message.content).toBe('To the replica');
    await client.waitFor('unread_count_changed');

    // Marked through the primary replica's route: runner-in-app changes the row, and the count
    // event reaches the socket on the other replica.
    expect((await markAs(subscriber.subscriberId, message._id, 'seen')).status).toBe(201);
    expect((await client.waitFor('unseen_count_changed', 2))[1]).toEqual({ unseenCount: 0 });
    expect((await client.waitFor('unread_count_changed', 2))[1]).toMatchObject({ counts: { total: 1 } });
  });

  it('sends counts after mark-all, a change no single message names', async () => {
    const subscriber = newSubscriber();
    const client = await connect(await t.sessionToken(subscriber.subscriberId));
    await t.deliver(subscriber, 'One');
    await t.deliver(subscriber, 'Two');
    await client.waitFor('unread_count_changed', 2);

    const markAll = await fetch(
      `${t.gateway.baseUrl}/v1/subscribers/${encodeURIComponent(subscriber.subscriberId)}/messages/mark-all`,
      {
        method: 'POST',
        headers: { authorization: `ApiKey ${t.environment.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ markAs: 'read' }),
      },
    );
    expect(markAll.status).toBe(201);
    expect((await client.waitFor('unread_count_changed', 3))[2]).toMatchObject({ counts: { total: 0 } });
    expect((await client.waitFor('unseen_count_changed', 3))[2]).toEqual({ unseenCount: 0 });
  });

  it('works through @novu/js itself, unchanged: Novu({ applicationIdentifier, socketUrl }) and novu.on(...)', async () => {
    const subscriber = newSubscriber();
    // No trigger-worker runs here: the session's subscriber upsert (subscribers.create.v1) answers as it would.
    const worker = t.gateway.app.get(TriggerWorkerClient);
    const upsert = jest.spyOn(worker, 'call').mockResolvedValueOnce({ data: subscriber } as never);
    const [{ identifier }] = (await t.gateway.dataSource.query(
      'SELECT identifier FROM gateway.environments WHERE id = $1',
      [t.environment.environmentId],
    )) as { identifier: string }[];
    const novu = new Novu({
      applicationIdentifier: identifier,
      subscriberId: subscriber.subscriberId,
      backendUrl: t.gateway.baseUrl,
      socketUrl: t.gateway.baseUrl,
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- what @novu/js emits
      const received: any[] = [];
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- what @novu/js emits
      const unread: any[] = [];
      const connected = new Promise<void>((resolve) =>
        novu.on('socket.connect.resolved', ({ error }) => (error ? undefined : resolve())),
      );
      novu.on('notifications.notification_received', ({ result }) => received.push(result));
      novu.on('notifications.unread_count_changed', ({ result }) => unread.push(result));
      await connected;
      await expectEventually(() => expect(t.hub.openStreams).toBe(1));

      await t.deliver(subscriber, 'Through @novu/js');
      await expectEventually(() => expect(received).toHaveLength(1), { timeoutMs: 20_000 });
      expect(received[0]).toMatchObject({
        body: 'Through @novu/js',
        isRead: false,
        isSeen: false,
        isArchived: false,
        isSnoozed: false,
        channelType: 'in_app',
        redirect: { url: 'https://example.com/x' },
        to: { subscriberId: subscriber.subscriberId },
      });
      expect(typeof received[0].id).toBe('string');
      await expectEventually(() => expect(unread).toEqual([{ total: 1, severity: expect.any(Object) }]), {
        timeoutMs: 20_000,
      });
    } finally {
      await novu.socket.disconnect();
      upsert.mockRestore();
    }
  });

  it('keeps the SSE stream working beside the sockets', async () => {
    const subscriber = newSubscriber();
    const token = await t.sessionToken(subscriber.subscriberId);
    const socket = await connect(token);
    const stream = await t.openStream(token);
    try {
      await t.deliver(subscriber, 'Both');
      await stream.waitForEvents(1);
      expect(JSON.parse(stream.events[0].data)).toMatchObject({ content: 'Both' });
      expect((await socket.waitFor('notification_received'))[0].message.content).toBe('Both');
    } finally {
      stream.close();
    }
  });
});
