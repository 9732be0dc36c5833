import { randomBytes } from 'node:crypto';

import { Novu as NovuApi } from '@novu/api';
import { Novu } from '@novu/node';

import { ActivityFeed } from './support/activity-feed';
import { expectJobs, uniqueName } from './support/expect-jobs.util';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';
import { devEnvironment, inboxCall, type InboxEnvironment, newEnvironment, sessionToken } from './support/novu-inbox';

// Server-side operations on a subscriber's notifications — `@novu/node`'s markMessageAs and
// markMessageActionSeen, `@novu/api`'s subscribers.notifications.* (list, count, bulk and one-by-one
// actions) — against the whole system, each checked through the subscriber's own inbox
// (`/v1/inbox/notifications`, what @novu/js reads); and `@novu/api`'s other per-subscriber reads
// and writes, subscribers.preferences.bulkUpdate and subscribers.topics.list.
const OPERATOR_TOKEN = randomBytes(32).toString('hex');
let system: HeraldSystem;
let dev: InboxEnvironment;
let other: InboxEnvironment;
let novu: Novu;
let novuApi: NovuApi;
let feed: ActivityFeed;

beforeAll(async () => {
  system = await startHeraldSystem('novu_notification_ops', { env: { OPERATOR_TOKEN } });
  dev = await devEnvironment(system);
  other = await newEnvironment(system, OPERATOR_TOKEN);
  novu = new Novu(system.apiKey, { backendUrl: system.apiUrl });
  novuApi = new NovuApi({ secretKey: system.apiKey, serverURL: system.apiUrl, retryConfig: { strategy: 'none' } });
  feed = new ActivityFeed(dev.api);
}, 180_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body), 120_000);
}

/** A subscriber with `count` delivered in-app messages (each with a primary button); their ids, newest first, and a session token. */
async function inboxWith(
  count: number,
  workflow: { severity?: string; tags?: string[] } = {},
): Promise<{ subscriberId: string; ids: string[]; token: string }> {
  const workflowId = uniqueName('ops');
  await dev.api.createWorkflow({
    ...workflow,
    workflowId,
    steps: [
      {
        name: 'Inbox',
        type: 'in_app',
        controlValues: { body: 'Invoice {{payload.n}}', primaryAction: { label: 'Pay' } },
      },
    ],
  });
  const subscriberId = uniqueName('ops-sub');
  await novu.subscribers.identify(subscriberId, {});
  for (let n = 1; n <= count; n += 1) {
    const { data } = await novu.trigger(workflowId, { to: { subscriberId }, payload: { n } });
    await expectJobs(feed, data.data.transactionId as string, [['in_app:completed']]);
  }
  const token = await sessionToken(system, { applicationIdentifier: dev.identifier, subscriber: { subscriberId } });
  const list = await inboxCall(system, token, 'GET', '/v1/inbox/notifications?limit=50');
  expect(list.body.data).toHaveLength(count);
  return { subscriberId, ids: list.body.data.map((n: { id: string }) => n.id), token };
}

/** The subscriber's notification as its inbox shows it (undefined once deleted). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response fields
async function inboxView(token: string, id: string, query = ''): Promise<any> {
  const list = await inboxCall(system, token, 'GET', `/v1/inbox/notifications?limit=50${query}`);
  expect(list.status).toBe(200);
  return list.body.data.find((n: { id: string }) => n.id === id);
}

async function unreadCount(token: string): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify([{ read: false, archived: false, snoozed: false }]));
  const counted = await inboxCall(system, token, 'GET', `/v1/inbox/notifications/count?filters=${filters}`);
  return counted.body.data[0].count;
}

/** The status and body of a call @novu/node (axios) rejected. */
async function failure(call: Promise<unknown>): Promise<{ status?: number; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (response) return { status: response.status, body: response.data };
    throw error;
  }
  throw new Error('the call succeeded');
}

/** The HTTP status of a call @novu/api rejected. */
async function apiFailure(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode;
  }
  throw new Error('the call succeeded');
}

describe('@novu/node: markMessageAs and markMessageActionSeen', () => {
  systemIt('marks messages read and seen, and back, as the inbox then shows them', async () => {
    const { subscriberId, ids, token } = await inboxWith(2);
    expect(await unreadCount(token)).toBe(2);

    const marked = await novu.subscribers.markMessageAs(subscriberId, ids as never, { seen: true, read: true });
    expect(marked.status).toBe(201);
    expect(marked.data.data).toHaveLength(2);
    expect(marked.data.data[0]).toMatchObject({ _subscriberId: subscriberId, read: true, seen: true });
    expect(await unreadCount(token)).toBe(0);
    expect(await inboxView(token, ids[0])).toMatchObject({ isRead: true, isSeen: true });

    await novu.subscribers.markMessageAs(subscriberId, ids[0], { read: false });
    expect(await unreadCount(token)).toBe(1);
    expect(await inboxView(token, ids[0])).toMatchObject({ isRead: false });
    await novu.subscribers.markMessageRead(subscriberId, ids[0]);
    expect(await unreadCount(token)).toBe(0);

    expect(await failure(novu.subscribers.markMessageAs(subscriberId, ids[0], {}))).toMatchObject({ status: 422 });
  });

  systemIt('completes and reverts a button, which the inbox shows', async () => {
    const { subscriberId, ids, token } = await inboxWith(1);
    const done = await novu.subscribers.markMessageActionSeen(subscriberId, ids[0], 'primary' as never, {
      status: 'done' as never,
      payload: { paid: true },
    });
    expect(done.status).toBe(201);
    expect(done.data.data).toMatchObject({ _id: ids[0], _subscriberId: subscriberId });
    expect((await inboxView(token, ids[0])).primaryAction).toMatchObject({ label: 'Pay', isCompleted: true });

    await novu.subscribers.markMessageActionSeen(subscriberId, ids[0], 'primary' as never, {
      status: 'pending' as never,
    });
    expect((await inboxView(token, ids[0])).primaryAction).toMatchObject({ isCompleted: false });

    const wrongType = await failure(
      novu.subscribers.markMessageActionSeen(subscriberId, ids[0], 'tertiary' as never, { status: 'done' as never }),
    );
    expect(wrongType.status).toBe(422);
  });

  systemIt("answers 404 for another subscriber's or another environment's message", async () => {
    const { subscriberId, ids, token } = await inboxWith(1);
    const stranger = uniqueName('stranger');
    await novu.subscribers.identify(stranger, {});
    const action = { status: 'done' as never };
    expect(
      await failure(novu.subscribers.markMessageActionSeen(stranger, ids[0], 'primary' as never, action)),
    ).toMatchObject({
      status: 404,
      body: { statusCode: 404 },
    });
    const otherNovu = new Novu(other.apiKey, { backendUrl: system.apiUrl });
    expect(
      (await failure(otherNovu.subscribers.markMessageActionSeen(subscriberId, ids[0], 'primary' as never, action)))
        .status,
    ).toBe(404);
    const strangerMark = await novu.subscribers.markMessageAs(stranger, ids[0], { read: true });
    expect(strangerMark.data.data).toEqual([]);
    expect(await inboxView(token, ids[0])).toMatchObject({ isRead: false, primaryAction: { isCompleted: false } });
  });
});

describe('@novu/api: subscribers.notifications operations', () => {
  systemIt('archives, unarchives, reads, unreads, snoozes and unsnoozes, as the inbox then shows', async () => {
    const { subscriberId, ids, token } = await inboxWith(2);
    const [id] = ids;
    const ops = novuApi.subscribers.notifications;

    const archived = await ops.archive({ subscriberId, notificationId: id });
    expect(archived.result).toMatchObject({ id, isArchived: true });
    expect(await inboxView(token, id, '&archived=true')).toMatchObject({ isArchived: true });
    expect(await inboxView(token, id, '&archived=false')).toBeUndefined();
    expect(await unreadCount(token)).toBe(1);
    expect((await ops.unarchive({ subscriberId, notificationId: id })).result).toMatchObject({ isArchived: false });
    // Archiving reads, as in Novu's inbox: back in the list, still read.
    expect(await inboxView(token, id, '&archived=false')).toMatchObject({ isArchived: false, isRead: true });
    expect((await ops.markAsUnread({ subscriberId, notificationId: id })).result).toMatchObject({ isRead: false });
    expect(await unreadCount(token)).toBe(2);

    expect((await ops.markAsRead({ subscriberId, notificationId: id })).result).toMatchObject({ isRead: true });
    expect(await inboxView(token, id)).toMatchObject({ isRead: true });
    expect(await unreadCount(token)).toBe(1);
    expect((await ops.markAsUnread({ subscriberId, notificationId: id })).result).toMatchObject({ isRead: false });
    expect(await unreadCount(token)).toBe(2);

    const until = new Date(Date.now() + 3_600_000);
    const snoozed = await ops.snooze({
      subscriberId,
      notificationId: id,
      snoozeSubscriberNotificationDto: { snoozeUntil: until },
    });
    expect(snoozed.result).toMatchObject({ isSnoozed: true });
    expect(await inboxView(token, id, '&snoozed=true')).toMatchObject({ isSnoozed: true });
    expect(await unreadCount(token)).toBe(1);
    expect((await ops.unsnooze({ subscriberId, notificationId: id })).result).toMatchObject({ isSnoozed: false });
    expect(await unreadCount(token)).toBe(2);
  });

  systemIt('completes and reverts an action, and deletes', async () => {
    const { subscriberId, ids, token } = await inboxWith(1);
    const [id] = ids;
    const ops = novuApi.subscribers.notifications;

    const completed = await ops.completeAction({ subscriberId, notificationId: id, actionType: 'primary' as never });
    expect(completed.result.primaryAction).toMatchObject({ label: 'Pay', isCompleted: true });
    expect((await inboxView(token, id)).primaryAction).toMatchObject({ isCompleted: true });
    const reverted = await ops.revertAction({ subscriberId, notificationId: id, actionType: 'primary' as never });
    expect(reverted.result.primaryAction).toMatchObject({ isCompleted: false });

    await ops.delete({ subscriberId, notificationId: id });
    expect(await inboxView(token, id)).toBeUndefined();
    expect(await unreadCount(token)).toBe(0);
    expect(await apiFailure(ops.delete({ subscriberId, notificationId: id }))).toBe(404);
  });

  systemIt("answers 404 for another subscriber's or another environment's notification", async () => {
    const { subscriberId, ids, token } = await inboxWith(1);
    const [id] = ids;
    const stranger = uniqueName('stranger');
    await novu.subscribers.identify(stranger, {});
    const ops = novuApi.subscribers.notifications;
    expect(await apiFailure(ops.archive({ subscriberId: stranger, notificationId: id }))).toBe(404);
    expect(await apiFailure(ops.delete({ subscriberId: stranger, notificationId: id }))).toBe(404);

    const otherApi = new NovuApi({
      secretKey: other.apiKey,
      serverURL: system.apiUrl,
      retryConfig: { strategy: 'none' },
    });
    expect(await apiFailure(otherApi.subscribers.notifications.archive({ subscriberId, notificationId: id }))).toBe(
      404,
    );
    expect(await apiFailure(otherApi.subscribers.notifications.markAsRead({ subscriberId, notificationId: id }))).toBe(
      404,
    );
    expect(await inboxView(token, id)).toMatchObject({ isArchived: false, isRead: false });
    // The owner, with the right key, can.
    expect((await ops.archive({ subscriberId, notificationId: id })).result).toMatchObject({ isArchived: true });
  });
});

describe('@novu/api: subscribers.notifications list, count and bulk actions', () => {
  systemIt('lists and counts with Novu’s filters and pages, for this subscriber of this environment only', async () => {
    const { subscriberId, ids } = await inboxWith(3, { severity: 'high', tags: ['billing'] });
    const ops = novuApi.subscribers.notifications;
    const listed = async (request: Omit<Parameters<typeof ops.list>[0], 'subscriberId'> = {}) =>
      (await ops.list({ subscriberId, ...request })).result;

    const first = await listed({ limit: 2 });
    expect(first.data.map((n) => n.id)).toEqual(ids.slice(0, 2));
    expect(first.hasMore).toBe(true);
    expect(first.data[0]).toMatchObject({
      to: { subscriberId },
      isRead: false,
      isSeen: false,
      isArchived: false,
      channelType: 'in_app',
      severity: 'high',
      tags: ['billing'],
      primaryAction: { label: 'Pay', isCompleted: false },
    });
    expect(await listed({ limit: 2, after: ids[1] })).toMatchObject({ data: [{ id: ids[2] }], hasMore: false });
    expect((await listed({ limit: 2, offset: 2 })).data.map((n) => n.id)).toEqual([ids[2]]);

    await ops.markAsRead({ subscriberId, notificationId: ids[1] });
    expect((await listed({ read: true })).data.map((n) => n.id)).toEqual([ids[1]]);
    expect((await listed({ read: false })).data.map((n) => n.id)).toEqual([ids[0], ids[2]]);
    expect((await listed({ severity: ['low', 'medium'] })).data).toEqual([]);
    expect((await listed({ severity: ['high'] })).data).toHaveLength(3);
    expect((await listed({ createdGte: Date.now() + 3_600_000 })).data).toEqual([]);
    // Herald's notifications have no context: naming one keeps none.
    expect((await listed({ contextKeys: ['tenant:acme'] })).data).toEqual([]);

    const counts = await ops.count(
      subscriberId,
      JSON.stringify([{ read: false }, { read: true }, {}, { severity: 'low' }, { contextKeys: ['tenant:acme'] }]),
    );
    expect(counts.result.map((entry) => entry.count)).toEqual([2, 1, 3, 0, 0]);
    expect(counts.result[0].filter).toEqual({ read: false });

    const stranger = uniqueName('stranger');
    await novu.subscribers.identify(stranger, {});
    expect((await ops.list({ subscriberId: stranger })).result.data).toEqual([]);
    expect(await apiFailure(ops.list({ subscriberId: uniqueName('nobody') }))).toBe(404);
    expect(await apiFailure(ops.count(uniqueName('nobody'), '[{}]'))).toBe(404);
    expect(await apiFailure(ops.count(subscriberId, 'not json'))).toBe(422);
    const otherApi = new NovuApi({
      secretKey: other.apiKey,
      serverURL: system.apiUrl,
      retryConfig: { strategy: 'none' },
    });
    expect(await apiFailure(otherApi.subscribers.notifications.list({ subscriberId }))).toBe(404);
  });

  systemIt('marks seen and read, archives read and all, and deletes all, as the inbox then shows', async () => {
    const { subscriberId, ids, token } = await inboxWith(3);
    const bystander = await inboxWith(1);
    const ops = novuApi.subscribers.notifications;

    await ops.markAsSeen({ notificationIds: [ids[0]] }, subscriberId);
    expect(await inboxView(token, ids[0])).toMatchObject({ isSeen: true, isRead: false });
    expect(await inboxView(token, ids[1])).toMatchObject({ isSeen: false });

    await ops.markAllAsRead({}, subscriberId);
    expect(await unreadCount(token)).toBe(0);
    await ops.markAsUnread({ subscriberId, notificationId: ids[2] });
    await ops.archiveAllRead({}, subscriberId);
    expect(await inboxView(token, ids[0], '&archived=true')).toMatchObject({ isArchived: true });
    expect(await inboxView(token, ids[1], '&archived=true')).toMatchObject({ isArchived: true });
    expect(await inboxView(token, ids[2], '&archived=false')).toMatchObject({ isArchived: false, isRead: false });

    // A context keeps nothing to archive; a tags object @novu/api strips to `{}` is refused, not taken for "all".
    await ops.archiveAll({ contextKeys: ['tenant:acme'] }, subscriberId);
    expect(await inboxView(token, ids[2], '&archived=false')).toMatchObject({ isArchived: false });
    expect(await apiFailure(ops.archiveAll({ tags: { or: ['billing'] } as never }, subscriberId))).toBe(422);
    expect(await inboxView(token, ids[2], '&archived=false')).toMatchObject({ isArchived: false });

    await ops.archiveAll({}, subscriberId);
    expect(await inboxView(token, ids[2], '&archived=true')).toMatchObject({ isArchived: true });
    await ops.deleteAll({}, subscriberId);
    expect((await ops.list({ subscriberId, archived: true })).result.data).toEqual([]);
    expect(await inboxView(token, ids[0], '&archived=true')).toBeUndefined();

    // Another subscriber's inbox is untouched, and an unknown subscriber is a 404, as in Novu.
    expect(await inboxView(bystander.token, bystander.ids[0])).toMatchObject({
      isRead: false,
      isSeen: false,
      isArchived: false,
    });
    expect(await apiFailure(ops.markAllAsRead({}, uniqueName('nobody')))).toBe(404);
    expect(await apiFailure(ops.deleteAll({}, uniqueName('nobody')))).toBe(404);
  });
});

describe('@novu/api: subscribers.preferences.bulkUpdate and subscribers.topics.list', () => {
  systemIt('switches several workflows at once, which the next triggers honour', async () => {
    const [muted, loud] = [uniqueName('muted'), uniqueName('loud')];
    for (const workflowId of [muted, loud])
      await dev.api.createWorkflow({
        workflowId,
        steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hi' } }],
      });
    const subscriberId = uniqueName('prefs-sub');
    await novuApi.subscribers.create({ subscriberId });

    const updated = await novuApi.subscribers.preferences.bulkUpdate(
      {
        preferences: [
          { workflowId: muted, channels: { inApp: false } },
          { workflowId: loud, channels: { inApp: true } },
        ],
      },
      subscriberId,
    );
    expect(updated.result).toEqual([
      expect.objectContaining({
        level: 'template',
        enabled: false,
        workflow: expect.objectContaining({ identifier: muted }),
      }),
      expect.objectContaining({
        level: 'template',
        enabled: true,
        workflow: expect.objectContaining({ identifier: loud }),
      }),
    ]);
    expect(updated.result[0].channels).toMatchObject({ inApp: false });

    const mutedRun = await novu.trigger(muted, { to: { subscriberId }, payload: {} });
    const loudRun = await novu.trigger(loud, { to: { subscriberId }, payload: {} });
    await expectJobs(feed, mutedRun.data.data.transactionId as string, [['in_app:canceled']]);
    await expectJobs(feed, loudRun.data.data.transactionId as string, [['in_app:completed']]);

    const unknown = novuApi.subscribers.preferences.bulkUpdate(
      { preferences: [{ workflowId: uniqueName('no-such-workflow'), channels: { inApp: true } }] },
      subscriberId,
    );
    expect(await apiFailure(unknown)).toBe(404);
    const list = await novuApi.subscribers.preferences.list({ subscriberId });
    expect(list.result.workflows.find((w) => w.workflow.identifier === muted)?.channels).toMatchObject({
      inApp: false,
    });
  });

  systemIt('lists the topics a subscriber belongs to, newest first, by key and in pages', async () => {
    const subscriberId = uniqueName('topic-sub');
    await novuApi.subscribers.create({ subscriberId });
    const keys = [uniqueName('topic-a'), uniqueName('topic-b'), uniqueName('topic-c')];
    for (const key of keys) {
      await novuApi.topics.create({ key, name: key });
      await novuApi.topics.subscriptions.create({ subscriberIds: [subscriberId] }, key);
    }
    const topics = novuApi.subscribers.topics;

    const all = await topics.list({ subscriberId });
    expect(all.result.data.map((s) => s.topic.key)).toEqual([...keys].reverse());
    expect(all.result.data[0]).toMatchObject({ subscriber: { subscriberId }, topic: { key: keys[2], name: keys[2] } });
    expect(all.result).toMatchObject({ totalCount: 3, next: null });
    const page = await topics.list({ subscriberId, limit: 2 });
    const rest = await topics.list({ subscriberId, limit: 2, after: page.result.next as string });
    expect([...page.result.data, ...rest.result.data].map((s) => s.topic.key)).toEqual([...keys].reverse());
    expect((await topics.list({ subscriberId, key: keys[1] })).result.data.map((s) => s.topic.key)).toEqual([keys[1]]);

    expect(await apiFailure(topics.list({ subscriberId: uniqueName('nobody') }))).toBe(404);
    const otherApi = new NovuApi({
      secretKey: other.apiKey,
      serverURL: system.apiUrl,
      retryConfig: { strategy: 'none' },
    });
    expect(await apiFailure(otherApi.subscribers.topics.list({ subscriberId }))).toBe(404);
  });
});
