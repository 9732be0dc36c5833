import { randomBytes } from 'node:crypto';

import { Novu as NovuApi } from '@novu/api';
import { Novu } from '@novu/node';

import { ActivityFeed } from './support/activity-feed';
import { expectJobs, uniqueName } from './support/expect-jobs.util';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';
import { devEnvironment, inboxCall, type InboxEnvironment, newEnvironment, sessionToken } from './support/novu-inbox';

// Server-side operations on a subscriber's notifications — `@novu/node`'s markMessageAs and
// markMessageActionSeen, `@novu/api`'s subscribers.notifications.* — against the whole system, each
// checked through the subscriber's own inbox (`/v1/inbox/notifications`, what @novu/js reads).
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
async function inboxWith(count: number): Promise<{ subscriberId: string; ids: string[]; token: string }> {
  const workflowId = uniqueName('ops');
  await dev.api.createWorkflow({
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
