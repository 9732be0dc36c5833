import { randomUUID } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildSubscriberSnapshotFixture,
  createEnvelope,
  INBOX_FEED_V1,
  INBOX_MARK_ALL_V1,
  INBOX_MARK_AS_V1,
  INBOX_MESSAGES_SINCE_V1,
  INBOX_RPC_SERVICE,
  INBOX_UNSEEN_COUNT_V1,
  type InboxCountResponse,
  type InboxFeedResponse,
  type InboxMarkAsResponse,
  type InboxMessage,
  type SubscriberSnapshot,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, RunnerTestWorld, type TestApp } from '@herald/testing';

import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

describe('runner-in-app: inbox RPC', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let messaging: Messaging;
  const environmentId = randomUUID();
  const ada = buildSubscriberSnapshotFixture();
  const alan = buildSubscriberSnapshotFixture();

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_rpc', 'in_app');
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    messaging = runner.app.get(Messaging);
    await world.waitForRunner();
    for (const [subscriber, text] of [
      [ada, 'first'],
      [ada, 'second'],
      [ada, 'third'],
      [alan, 'other'],
    ] as [SubscriberSnapshot, string][]) {
      const base = buildJobDispatchFixture({ subscriber }, 'in_app');
      const data = { ...base, environmentId, step: { ...base.step, controlValues: { body: text } } };
      await world.dispatch(data);
      await world.outcomeOf(data.jobId);
    }
  });

  afterAll(async () => {
    await runner?.close();
    if (world) await deleteInAppRunnerQueues(world.env.BROKER_NAME_PREFIX);
    await world?.close();
  });

  const call = <R>(method: string, data: Record<string, unknown>, env = environmentId) =>
    messaging.rpc.call<R>(INBOX_RPC_SERVICE, createEnvelope(method, env, { environmentId, ...data }), {
      timeoutMs: 5_000,
    });
  const feed = (data: Record<string, unknown> = {}) =>
    call<InboxFeedResponse>(INBOX_FEED_V1, { subscriberId: ada.subscriberId, ...data });
  const unseen = async () =>
    (await call<InboxCountResponse>(INBOX_UNSEEN_COUNT_V1, { subscriberId: ada.subscriberId })).count;
  const bodies = (messages: InboxMessage[]) => messages.map((message) => message.body);

  it('pages a subscriber’s feed, newest first', async () => {
    const first = await feed({ limit: 2 });
    expect(first).toMatchObject({ totalCount: 3, hasMore: true, pageSize: 2, page: 0 });
    expect(bodies(first.data)).toEqual(['third', 'second']);
    const second = await feed({ limit: 2, page: 1 });
    expect(second).toMatchObject({ totalCount: 3, hasMore: false });
    expect(bodies(second.data)).toEqual(['first']);
  });

  it('counts unseen messages and marks messages read (which also makes them seen)', async () => {
    expect(await unseen()).toBe(3);
    const [newest] = (await feed({ limit: 1 })).data;
    const alanMessage = (await call<InboxFeedResponse>(INBOX_FEED_V1, { subscriberId: alan.subscriberId })).data[0];
    const marked = await call<InboxMarkAsResponse>(INBOX_MARK_AS_V1, {
      subscriberId: ada.subscriberId,
      messageIds: [newest.id, alanMessage.id, 'not-a-uuid'],
      markAs: 'read',
    });
    expect(marked.data).toEqual([expect.objectContaining({ id: newest.id, read: true, seen: true })]);
    expect(await unseen()).toBe(2);
    expect(bodies((await feed({ read: false })).data)).toEqual(['second', 'first']);
  });

  it('marks all messages seen, counting only those that changed', async () => {
    expect(
      await call<InboxCountResponse>(INBOX_MARK_ALL_V1, { subscriberId: ada.subscriberId, markAs: 'seen' }),
    ).toEqual({ count: 2 });
    expect(await unseen()).toBe(0);
    expect((await feed({ seen: false })).totalCount).toBe(0);
    expect((await call<InboxCountResponse>(INBOX_UNSEEN_COUNT_V1, { subscriberId: alan.subscriberId })).count).toBe(1);
  });

  it('leaves archived messages out of the feed unless asked for', async () => {
    const [newest] = (await feed({ limit: 1 })).data;
    await call(INBOX_MARK_AS_V1, { subscriberId: ada.subscriberId, messageIds: [newest.id], markAs: 'archived' });
    expect(bodies((await feed()).data)).toEqual(['second', 'first']);
    expect(bodies((await feed({ archived: true })).data)).toEqual(['third']);
  });

  it('lists the messages after a sequence number, for SSE clients that reconnect', async () => {
    const all = (
      await call<{ data: InboxMessage[] }>(INBOX_MESSAGES_SINCE_V1, { subscriberId: ada.subscriberId, afterSeq: 0 })
    ).data;
    expect(bodies(all)).toEqual(['first', 'second', 'third']);
    const after = (
      await call<{ data: InboxMessage[] }>(INBOX_MESSAGES_SINCE_V1, {
        subscriberId: ada.subscriberId,
        afterSeq: all[0].seq,
      })
    ).data;
    expect(bodies(after)).toEqual(['second', 'third']);
  });

  it('refuses a request whose data names another environment than its envelope', async () => {
    await expect(call(INBOX_UNSEEN_COUNT_V1, { subscriberId: ada.subscriberId }, randomUUID())).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
