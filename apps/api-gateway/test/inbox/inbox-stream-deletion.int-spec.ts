import { expectEventually } from '@herald/testing';

import { InboxStreamHub } from '../../src/features/inbox/inbox-stream.hub';
import { InboxSessionTokens, subscriberHashOf } from '../../src/pipeline/authentication/inbox-session.token';
import { GatewayTestReplica, startGatewayReplica, TestEnvironment } from '../support/gateway-test-app';
import { startWorkerRoutesWorld, WorkerRoutesWorld } from '../worker-routes/support/worker-routes-world';
import { SseClient } from './support/sse-client';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789';
// The holder caches key lookups for an hour: only the deletion event can evict them.
const HOUR_MS = String(3_600_000);

// Streams are held by a second gateway replica; deletions go through the first. The deletion
// reaches the holder only through its own replica queue, as it would across machines.
describe('inbox streams end when their subscriber or environment is deleted', () => {
  let world: WorkerRoutesWorld;
  let holder: GatewayTestReplica;
  let holderHub: InboxStreamHub;
  const streams: SseClient[] = [];
  const tokenOf = new Map<SseClient, string>();

  beforeAll(async () => {
    world = await startWorkerRoutesWorld('inbox_deletion', { OPERATOR_TOKEN });
    holder = await startGatewayReplica(world.gateway, { OPERATOR_TOKEN, API_KEY_CACHE_TTL_MS: HOUR_MS });
    holderHub = holder.app.get(InboxStreamHub);
    const hubs = [holderHub, world.gateway.app.get(InboxStreamHub)];
    await expectEventually(() => expect(hubs.every((hub) => hub.isListening)).toBe(true));
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await holder?.close();
    await world?.close();
  });

  /**
   * Opens a stream with a token from the API-keyed session route, or with one that lives for days
   * as the public session route's do (`@novu/js` never renews them), issued now.
   */
  async function openStream(
    subscriberId: string,
    environment: TestEnvironment,
    lifetime: 'minutes' | 'days' = 'minutes',
  ): Promise<SseClient> {
    const created = await world.http('POST', '/v2/subscribers', { subscriberId }, environment);
    expect(created.status).toBe(201);
    if (lifetime === 'days') {
      const token = new InboxSessionTokens(world.gateway.config.INBOX_SESSION_SECRET).sign({
        environmentId: environment.environmentId,
        organizationId: environment.organizationId,
        subscriberId,
        issuedAt: Date.now(),
        expiresAt: Date.now() + 15 * 86_400_000,
      });
      return streamWithToken(token);
    }
    const session = await fetch(`${holder.baseUrl}/v1/inbox/session`, {
      method: 'POST',
      headers: { authorization: `ApiKey ${environment.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subscriberId, subscriberHash: subscriberHashOf(environment.apiKey, subscriberId) }),
    });
    expect(session.status).toBe(201);
    const { data } = (await session.json()) as { data: { token: string } };
    return streamWithToken(data.token);
  }

  async function streamWithToken(token: string): Promise<SseClient> {
    const before = holderHub.openStreams;
    const stream = await SseClient.open(`${holder.baseUrl}/v1/inbox/stream`, { authorization: `Bearer ${token}` });
    streams.push(stream);
    tokenOf.set(stream, token);
    expect(stream.status).toBe(200);
    await expectEventually(() => expect(holderHub.openStreams).toBe(before + 1));
    return stream;
  }

  it("ends the deleted subscriber's streams on every replica and no one else's", async () => {
    const environment = world.gateway.environment;
    const other = await world.gateway.createEnvironment('same subscriberId elsewhere');
    const gone = [await openStream('leaving', environment), await openStream('leaving', environment, 'days')];
    const stays = await openStream('staying', environment);
    const namesake = await openStream('leaving', other);
    expect(holderHub.openStreams).toBe(streams.filter((stream) => !stream.isEnded).length);

    const deleted = await world.http('DELETE', '/v2/subscribers/leaving', undefined, environment);
    expect(deleted.status).toBe(200);

    await expectEventually(() => expect(gone.map((stream) => stream.isEnded)).toEqual([true, true]));
    await expectEventually(() => expect(holderHub.openStreams).toBe(2));
    expect(stays.isEnded).toBe(false);
    expect(namesake.isEnded).toBe(false);

    // The session tokens outlive the stream, but open no new one: 401 stops an EventSource's reconnects.
    for (const ended of gone) {
      const reopened = await reopen(ended);
      expect(reopened.status).toBe(401);
      expect(reopened.body).toMatchObject({ message: expect.stringContaining('deleted') });
    }
  });

  it("ends a deleted environment's streams and stops its key on every replica, and no one else's", async () => {
    const doomed = await world.gateway.createEnvironment('deleted');
    const survivor = await world.gateway.createEnvironment('survivor');
    const gone = [await openStream('ann', doomed), await openStream('bob', doomed)];
    const stays = await openStream('ann', survivor);
    const me = (environment: TestEnvironment) =>
      fetch(`${holder.baseUrl}/v1/environments/me`, { headers: { authorization: `ApiKey ${environment.apiKey}` } });
    expect((await me(doomed)).status).toBe(200); // now cached on the holder

    const deleted = await fetch(`${world.gateway.adminUrl}/admin/environments/${doomed.environmentId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { data: { deletedAt: string } }).data.deletedAt).toEqual(expect.any(String));

    await expectEventually(() => expect(gone.map((stream) => stream.isEnded)).toEqual([true, true]));
    await expectEventually(async () => expect((await me(doomed)).status).toBe(401));
    expect(stays.isEnded).toBe(false);
    expect((await me(survivor)).status).toBe(200);
    expect(holderHub.openStreams).toBe(3); // the first case's two, and this one
    expect((await reopen(gone[1])).status).toBe(401);
  });

  async function reopen(ended: SseClient): Promise<SseClient> {
    const again = await SseClient.open(`${holder.baseUrl}/v1/inbox/stream`, {
      authorization: `Bearer ${tokenOf.get(ended)}`,
    });
    streams.push(again);
    return again;
  }
});
