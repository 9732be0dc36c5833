import { randomUUID } from 'node:crypto';

import {
  buildJobDispatchFixture,
  buildSubscriberSnapshotFixture,
  createEnvelope,
  INBOX_NOTIFICATION_UPDATE_V1,
  INBOX_NOTIFICATIONS_BULK_V1,
  INBOX_NOTIFICATIONS_COUNT_V1,
  INBOX_NOTIFICATIONS_LIST_V1,
  INBOX_RPC_SERVICE,
  type InboxNotification,
  type InboxNotificationsListResponse,
} from '@herald/contracts';
import { Messaging } from '@herald/messaging';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, expectEventually, RunnerTestWorld, type TestApp } from '@herald/testing';

import { inAppRunner } from '../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './support/in-app-runner-queues';

// The `/v1/inbox/notifications` methods (decision 0034): filters, snooze that ends by itself, actions
// and bulk actions, each only ever about one subscriber of one environment.
describe('runner-in-app: inbox notifications RPC', () => {
  let world: RunnerTestWorld;
  let runner: TestApp;
  let messaging: Messaging;
  const environmentId = randomUUID();
  const ada = buildSubscriberSnapshotFixture();
  const alan = buildSubscriberSnapshotFixture();
  const billing = randomUUID();
  const comments = randomUUID();

  beforeAll(async () => {
    world = await RunnerTestWorld.create('runner_in_app_notifications', 'in_app');
    runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
    messaging = runner.app.get(Messaging);
    await world.waitForRunner();
    const deliveries: [typeof ada, string, string, Record<string, unknown>][] = [
      [ada, billing, 'invoice', { kind: 'invoice', amount: 12 }],
      [ada, comments, 'comment', { kind: 'comment' }],
      [ada, comments, 'reply', { kind: 'reply' }],
      [alan, billing, 'alan', { kind: 'invoice' }],
    ];
    for (const [subscriber, workflowId, body, data] of deliveries) {
      const base = buildJobDispatchFixture({ subscriber }, 'in_app');
      const job = {
        ...base,
        environmentId,
        workflow: { ...base.workflow, id: workflowId },
        step: { ...base.step, controlValues: { body, data, primaryAction: { label: 'Open' } } },
      };
      await world.dispatch(job);
      await world.outcomeOf(job.jobId);
    }
  });

  afterAll(async () => {
    await runner?.close();
    if (world) await deleteInAppRunnerQueues(world.env.BROKER_NAME_PREFIX);
    await world?.close();
  });

  const call = <R>(method: string, data: Record<string, unknown>) =>
    messaging.rpc.call<R>(INBOX_RPC_SERVICE, createEnvelope(method, environmentId, { environmentId, ...data }), {
      timeoutMs: 5_000,
    });
  const list = (filter: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, who = ada) =>
    call<InboxNotificationsListResponse>(INBOX_NOTIFICATIONS_LIST_V1, {
      subscriberId: who.subscriberId,
      filter,
      ...extra,
    });
  const bodies = async (filter: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    (await list(filter, extra)).data.map((notification) => notification.body);
  const update = (notificationId: string, action: string, extra: Record<string, unknown> = {}, who = ada) =>
    call<{ data: InboxNotification | null; found: boolean }>(INBOX_NOTIFICATION_UPDATE_V1, {
      subscriberId: who.subscriberId,
      notificationId,
      action,
      ...extra,
    });
  const byBody = async (body: string) => {
    const found = (await list()).data.find((notification) => notification.body === body);
    if (!found) throw new Error(`no notification "${body}"`);
    return found;
  };

  it('filters by workflow, by data (AND of keys, OR of values) and pages after a notification', async () => {
    expect(await bodies()).toEqual(['reply', 'comment', 'invoice']);
    expect(await bodies({ workflowIds: [comments] })).toEqual(['reply', 'comment']);
    expect(await bodies({ workflowIds: [] })).toEqual([]);
    expect(await bodies({ data: { kind: ['invoice', 'reply'] } })).toEqual(['reply', 'invoice']);
    expect(await bodies({ data: { kind: 'invoice', amount: 12 } })).toEqual(['invoice']);
    expect(await bodies({ data: { kind: 'invoice', amount: 13 } })).toEqual([]);
    const first = await list({}, { limit: 1 });
    expect(first.hasMore).toBe(true);
    expect(await bodies({}, { after: first.data[0].id })).toEqual(['comment', 'invoice']);
  });

  it('counts per filter', async () => {
    const { counts } = await call<{ counts: number[] }>(INBOX_NOTIFICATIONS_COUNT_V1, {
      subscriberId: ada.subscriberId,
      filters: [{}, { read: false }, { workflowIds: [billing] }, { archived: true }],
    });
    expect(counts).toEqual([3, 3, 1, 0]);
  });

  it('brings a snoozed notification back by itself once its time has come', async () => {
    const comment = await byBody('comment');
    const until = new Date(Date.now() + 1_500).toISOString();
    expect((await update(comment.id, 'snooze', { snoozeUntil: until })).data).toMatchObject({
      snoozed: true,
      snoozedUntil: until,
    });
    expect(await bodies({ snoozed: false })).toEqual(['reply', 'invoice']);
    expect(await bodies({ snoozed: true })).toEqual(['comment']);
    await expectEventually(async () =>
      expect(await bodies({ snoozed: false })).toEqual(['reply', 'comment', 'invoice']),
    );
    expect((await byBody('comment')).snoozed).toBe(false);
  });

  it('reads, archives, completes actions and deletes only the subscriber’s own notifications', async () => {
    const invoice = await byBody('invoice');
    const alans = (await list({}, {}, alan)).data[0];
    expect(await update(alans.id, 'read')).toEqual({ data: null, found: false });
    expect(await update(alans.id, 'delete')).toEqual({ data: null, found: false });
    expect((await update(invoice.id, 'read')).data).toMatchObject({
      read: true,
      seen: true,
      readAt: expect.any(String),
    });
    expect((await update(invoice.id, 'complete', { actionType: 'primary' })).data).toMatchObject({
      primaryActionCompleted: true,
      secondaryActionCompleted: false,
    });
    expect((await update(invoice.id, 'revert', { actionType: 'primary' })).data?.primaryActionCompleted).toBe(false);
    expect((await update(invoice.id, 'archive')).data).toMatchObject({
      archived: true,
      archivedAt: expect.any(String),
    });
    expect((await update(invoice.id, 'unarchive')).data).toMatchObject({ archived: false, read: true });
    expect((await list({}, {}, alan)).data[0]).toMatchObject({ read: false, archived: false });
  });

  it('applies bulk actions to what the filter selects, counting real changes', async () => {
    const bulk = (action: string, filter: Record<string, unknown> = {}) =>
      call<{ count: number }>(INBOX_NOTIFICATIONS_BULK_V1, { subscriberId: ada.subscriberId, action, filter });
    expect((await bulk('read', { workflowIds: [comments] })).count).toBe(2);
    expect((await bulk('read', { workflowIds: [comments] })).count).toBe(0);
    expect((await bulk('read-archive')).count).toBe(3);
    expect(await bodies({ archived: true })).toEqual(['reply', 'comment', 'invoice']);
    expect((await bulk('delete', { data: { kind: 'reply' } })).count).toBe(1);
    expect(await bodies()).toEqual(['comment', 'invoice']);
    expect((await list({}, {}, alan)).data).toHaveLength(1);
  });
});
