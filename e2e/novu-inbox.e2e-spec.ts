import { randomBytes } from 'node:crypto';

import { DEV_SECRETS } from '@herald/config';
import { expectEventually } from '@herald/testing';
import type { Novu } from '@novu/js';

// The expired token is forged the only way one can be: with the secret the e2e system runs on.
import { InboxSessionTokens } from '../apps/api-gateway/src/pipeline/authentication/inbox-session.token';
import { DELIVERY_TIMEOUT, uniqueName } from './support/expect-jobs.util';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';
import {
  devEnvironment,
  expectInbox,
  inboxCall,
  type InboxEnvironment,
  newEnvironment,
  novuClient,
  sessionOf,
  sessionToken,
  subscriberHash,
} from './support/novu-inbox';

// Novu's <Inbox /> client, @novu/js 3.19, against Herald with only backendUrl and socketUrl changed
// (decision 0034). Realtime is not relied on here.
const OPERATOR_TOKEN = randomBytes(32).toString('hex');
let system: HeraldSystem;
let dev: InboxEnvironment;
let other: InboxEnvironment;

beforeAll(async () => {
  system = await startHeraldSystem('novu_inbox', { env: { OPERATOR_TOKEN } });
  dev = await devEnvironment(system);
  other = await newEnvironment(system, OPERATOR_TOKEN);
}, 180_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body), 120_000);
}

function client(options: Parameters<typeof novuClient>[1]): Novu {
  return novuClient(system, options);
}

/** Two workflows: billing (tag billing, high) with every in-app control, comments (tag social, low). */
async function createWorkflows(environment: InboxEnvironment): Promise<{ billing: string; comments: string }> {
  const billing = uniqueName('billing');
  const comments = uniqueName('comments');
  await environment.api.createWorkflow({
    workflowId: billing,
    tags: ['billing', 'account'],
    severity: 'high',
    steps: [
      {
        name: 'Inbox',
        type: 'in_app',
        controlValues: {
          subject: 'Invoice {{payload.number}}',
          body: 'You owe <b>{{payload.amount}}</b><script>alert(1)</script>',
          avatar: 'https://example.com/a.png',
          primaryAction: { label: 'Pay', redirect: { url: '/pay/{{payload.number}}', target: '_self' } },
          secondaryAction: { label: 'Later' },
          redirect: { url: 'https://example.com/invoices/{{payload.number}}' },
          data: { kind: 'invoice', number: '{{payload.number}}' },
        },
      },
    ],
  });
  await environment.api.createWorkflow({
    workflowId: comments,
    tags: ['social'],
    severity: 'low',
    steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'New comment', data: { kind: 'comment' } } }],
  });
  return { billing, comments };
}

describe('Novu <Inbox /> API through @novu/js', () => {
  systemIt('opens a session, lists, filters, counts and acts on notifications', async () => {
    const { billing, comments } = await createWorkflows(dev);
    const subscriberId = uniqueName('ada');
    await dev.api.trigger({ name: billing, to: subscriberId, payload: { number: 'A-1', amount: '€12' } });
    const novu = client({ applicationIdentifier: dev.identifier, subscriberId });
    const session = sessionOf(novu);
    // Two triggers are delivered independently: wait for the first so "newest first" has one answer.
    await expectInbox(novu, 1);
    await dev.api.trigger({ name: comments, to: subscriberId, payload: {} });
    const [comment, invoice] = await expectInbox(novu, 2);
    // The session was answered in Novu's shape (a fresh session, opened after both, counts both).
    expect((await session).data).toMatchObject({
      token: expect.any(String),
      maxSnoozeDurationHours: expect.any(Number),
    });
    const fresh = sessionOf(client({ applicationIdentifier: dev.identifier, subscriberId }));
    expect((await fresh).data).toMatchObject({
      totalUnreadCount: 2,
      unreadCount: { total: 2, severity: { high: 1, low: 1, medium: 0, none: 0 } },
      removeNovuBranding: true,
      isDevelopmentMode: true,
    });

    expect(invoice).toMatchObject({
      subject: 'Invoice A-1',
      body: 'You owe <b>€12</b>',
      avatar: 'https://example.com/a.png',
      isRead: false,
      isSeen: false,
      isArchived: false,
      isSnoozed: false,
      channelType: 'in_app',
      tags: ['billing', 'account'],
      severity: 'high',
      data: { kind: 'invoice', number: 'A-1' },
      redirect: { url: 'https://example.com/invoices/A-1' },
      primaryAction: { label: 'Pay', isCompleted: false, redirect: { url: '/pay/A-1', target: '_self' } },
      secondaryAction: { label: 'Later', isCompleted: false },
      workflow: { identifier: billing, name: billing, critical: false, tags: ['billing', 'account'], severity: 'high' },
      to: { subscriberId },
    });
    expect(invoice.transactionId).toEqual(expect.any(String));
    expect(comment).toMatchObject({ body: 'New comment', tags: ['social'], severity: 'low' });

    const ids = async (filter: Parameters<Novu['notifications']['list']>[0]) => {
      const { data, error } = await novu.notifications.list(filter);
      expect(error).toBeUndefined();
      return data?.notifications.map((notification) => notification.id);
    };
    expect(await ids({ tags: ['billing'] })).toEqual([invoice.id]);
    expect(await ids({ tags: ['social', 'account'] })).toEqual([comment.id, invoice.id]);
    expect(await ids({ data: { kind: 'comment' } })).toEqual([comment.id]);
    expect(await ids({ severity: 'high' as never })).toEqual([invoice.id]);
    expect(await ids({ limit: 1 })).toEqual([comment.id]);
    const firstPage = await novu.notifications.list({ limit: 1 });
    expect(firstPage.data?.hasMore).toBe(true);
    expect(await ids({ limit: 1, offset: 1 })).toEqual([invoice.id]);

    // Actions, one at a time, each answered with the notification as it is now.
    expect((await invoice.read()).data).toMatchObject({ isRead: true, readAt: expect.any(String) });
    expect(await ids({ read: true })).toEqual([invoice.id]);
    expect((await invoice.unread()).data).toMatchObject({ isRead: false });
    expect((await invoice.completePrimary()).data?.primaryAction).toMatchObject({ isCompleted: true });
    expect((await invoice.revertPrimary()).data?.primaryAction).toMatchObject({ isCompleted: false });
    expect((await invoice.completeSecondary()).data?.secondaryAction).toMatchObject({ isCompleted: true });
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await comment.snooze(until)).data).toMatchObject({ isSnoozed: true, snoozedUntil: expect.any(String) });
    expect(await ids({ snoozed: true })).toEqual([comment.id]);
    expect(await ids({ snoozed: false, archived: false })).toEqual([invoice.id]);
    expect((await comment.unsnooze()).data).toMatchObject({ isSnoozed: false });
    expect((await invoice.archive()).data).toMatchObject({ isArchived: true, isRead: true });
    expect(await ids({ archived: true })).toEqual([invoice.id]);
    expect((await invoice.unarchive()).data).toMatchObject({ isArchived: false });
    expect((await comment.seen()).error).toBeUndefined();
    expect(await ids({ seen: true })).toEqual([comment.id, invoice.id]);

    const counts = await novu.notifications.count({
      filters: [{ read: false }, { tags: ['billing'] }, { severity: 'low' as never }, { archived: true }],
    });
    expect(counts.error).toBeUndefined();
    expect((counts.data as { counts: { count: number }[] }).counts.map((entry) => entry.count)).toEqual([1, 1, 1, 0]);

    // Bulk actions.
    expect((await novu.notifications.readAll()).error).toBeUndefined();
    expect(await ids({ read: false })).toEqual([]);
    expect((await novu.notifications.archiveAllRead()).error).toBeUndefined();
    expect(await ids({ archived: true })).toEqual([comment.id, invoice.id]);
    expect((await comment.delete()).error).toBeUndefined();
    expect(await ids({})).toEqual([invoice.id]);
    expect((await novu.notifications.deleteAll()).error).toBeUndefined();
    expect(await ids({})).toEqual([]);
  });

  systemIt('serves the bulk archive and seen routes and the empty shapes of topics and channels', async () => {
    const { comments } = await createWorkflows(dev);
    const subscriberId = uniqueName('bea');
    await dev.api.trigger({ name: comments, to: subscriberId, payload: {} });
    const novu = client({ applicationIdentifier: dev.identifier, subscriberId });
    await expectInbox(novu, 1);
    expect((await novu.notifications.seenAll()).error).toBeUndefined();
    expect((await novu.notifications.list({ seen: false })).data?.notifications).toEqual([]);
    expect((await novu.notifications.archiveAll()).error).toBeUndefined();
    expect((await novu.notifications.list({ archived: false })).data?.notifications).toEqual([]);
    const token = await sessionToken(system, { applicationIdentifier: dev.identifier, subscriber: { subscriberId } });
    expect(await inboxCall(system, token, 'GET', '/v1/inbox/topics/news/subscriptions')).toEqual({
      status: 200,
      body: { data: [] },
    });
    expect((await inboxCall(system, token, 'GET', '/v1/inbox/channel-connections')).body).toMatchObject({ data: [] });
    expect((await inboxCall(system, token, 'GET', '/v1/inbox/channel-endpoints')).body).toMatchObject({ data: [] });
  });

  systemIt('lists and changes preferences, global, per workflow and in bulk', async () => {
    const { billing, comments } = await createWorkflows(dev);
    const novu = client({ applicationIdentifier: dev.identifier, subscriberId: uniqueName('cyd') });
    const listed = await novu.preferences.list();
    expect(listed.error).toBeUndefined();
    const [global, ...workflows] = listed.data ?? [];
    expect(global).toMatchObject({ level: 'global', enabled: true });
    const own = workflows.find((preference) => preference.workflow?.identifier === billing);
    expect(own).toMatchObject({
      level: 'template',
      channels: { in_app: true },
      workflow: { identifier: billing, tags: ['billing', 'account'], severity: 'high', critical: false },
    });
    expect((await own?.update({ channels: { in_app: false } }))?.data).toMatchObject({ channels: { in_app: false } });
    expect((await global.update({ channels: { email: false } })).data).toMatchObject({ level: 'global' });
    const again = (await novu.preferences.list()).data ?? [];
    expect(again[0].channels).toMatchObject({ email: false });
    expect(again.find((preference) => preference.workflow?.identifier === billing)?.channels).toMatchObject({
      in_app: false,
    });
    const bySeverity = (await novu.preferences.list({ severity: 'high' as never })).data ?? [];
    expect(bySeverity.slice(1).every((preference) => preference.workflow?.severity === 'high')).toBe(true);

    // Bulk (the use case `/v2/subscribers/:id/preferences/bulk` shares): every workflow is checked first.
    const bulk = await novu.preferences.bulkUpdate([
      { workflowId: billing, channels: { in_app: true } },
      { workflowId: comments, channels: { in_app: false } },
    ]);
    expect(bulk.error).toBeUndefined();
    expect(bulk.data?.map((preference) => [preference.workflow?.identifier, preference.channels.in_app])).toEqual([
      [billing, true],
      [comments, false],
    ]);
    const refused = await novu.preferences.bulkUpdate([
      { workflowId: billing, channels: { in_app: false } },
      { workflowId: uniqueName('no-such-workflow'), channels: { in_app: false } },
    ]);
    expect(refused.error).toBeDefined();
    const after = (await novu.preferences.list()).data ?? [];
    expect(after.find((preference) => preference.workflow?.identifier === billing)?.channels).toMatchObject({
      in_app: true,
    });
  });

  systemIt('requires the subscriberHash when the in-app integration turns HMAC on', async () => {
    await other.api.createIntegration({ providerId: 'novu', channel: 'in_app', credentials: { hmac: true } });
    const subscriberId = uniqueName('dee');
    const without = await sessionOf(client({ applicationIdentifier: other.identifier, subscriberId }));
    expect(without.error).toMatchObject({ status: 401 });
    const wrong = await sessionOf(
      client({
        applicationIdentifier: other.identifier,
        subscriberId,
        subscriberHash: subscriberHash(dev.apiKey, subscriberId),
      }),
    );
    expect(wrong.error).toMatchObject({ status: 401 });
    const hash = subscriberHash(other.apiKey, subscriberId);
    const right = client({ applicationIdentifier: other.identifier, subscriberId, subscriberHash: hash });
    const answered = await sessionOf(right);
    expect(answered.data).toMatchObject({ token: expect.any(String), isDevelopmentMode: false });
    expect((await right.notifications.list({})).data?.notifications).toEqual([]);
  });

  systemIt('refuses an unknown identifier and an expired token', async () => {
    const unknown = await sessionOf(client({ applicationIdentifier: 'no-such-environment', subscriberId: 'x' }));
    expect(unknown.error).toMatchObject({ status: 401 });
    const expired = new InboxSessionTokens(DEV_SECRETS.INBOX_SESSION_SECRET).sign({
      environmentId: '00000000-0000-4000-8000-000000000000',
      organizationId: '00000000-0000-4000-8000-000000000000',
      subscriberId: 'x',
      expiresAt: Date.now() - 1_000,
    });
    expect(await inboxCall(system, expired, 'GET', '/v1/inbox/notifications')).toMatchObject({
      status: 401,
      body: { message: 'Inbox session token expired' },
    });
    expect((await inboxCall(system, 'not-a-token', 'GET', '/v1/inbox/notifications')).status).toBe(401);
  });

  systemIt('never lets a session without a valid hash change an existing subscriber', async () => {
    const subscriberId = uniqueName('eve');
    await dev.api.createSubscribers([{ subscriberId, email: `${subscriberId}@example.com` }]);
    const email = async () =>
      (await dev.api.request<{ data: { email: string } }>('GET', `/v2/subscribers/${subscriberId}`)).body.data.email;
    await sessionToken(system, {
      applicationIdentifier: dev.identifier,
      subscriber: { subscriberId, email: 'attacker@example.com' },
    });
    expect(await email()).toBe(`${subscriberId}@example.com`);
    await sessionToken(system, {
      applicationIdentifier: dev.identifier,
      subscriber: { subscriberId, email: 'new@example.com' },
      subscriberHash: subscriberHash(dev.apiKey, subscriberId),
    });
    await expectEventually(async () => expect(await email()).toBe('new@example.com'), DELIVERY_TIMEOUT);
    // A subscriber that does not exist yet is created by a session, hash or not.
    const created = uniqueName('fay');
    await sessionToken(system, {
      applicationIdentifier: dev.identifier,
      subscriber: { subscriberId: created, firstName: 'Fay' },
    });
    const fetched = await dev.api.request<{ data: { firstName: string } }>('GET', `/v2/subscribers/${created}`);
    expect(fetched.body.data.firstName).toBe('Fay');
  });

  systemIt("never shows one subscriber's notifications to another's token, across environments too", async () => {
    const shared = uniqueName('gus');
    const neighbour = uniqueName('hal');
    const devFlows = await createWorkflows(dev);
    const otherFlows = await createWorkflows(other);
    await dev.api.trigger({ name: devFlows.comments, to: shared, payload: {} });
    await dev.api.trigger({ name: devFlows.comments, to: neighbour, payload: {} });
    await other.api.trigger({ name: otherFlows.comments, to: shared, payload: {} });
    const mine = client({ applicationIdentifier: dev.identifier, subscriberId: shared });
    const [own] = await expectInbox(mine, 1);
    const theirs = client({ applicationIdentifier: dev.identifier, subscriberId: neighbour });
    const [foreign] = await expectInbox(theirs, 1);
    const elsewhere = client({
      applicationIdentifier: other.identifier,
      subscriberId: shared,
      subscriberHash: subscriberHash(other.apiKey, shared),
    });
    const [remote] = await expectInbox(elsewhere, 1);
    expect(new Set([own.id, foreign.id, remote.id]).size).toBe(3);
    const token = await sessionToken(system, {
      applicationIdentifier: dev.identifier,
      subscriber: { subscriberId: shared },
    });
    for (const id of [foreign.id, remote.id]) {
      for (const action of ['read', 'archive', 'unread']) {
        expect((await inboxCall(system, token, 'PATCH', `/v1/inbox/notifications/${id}/${action}`)).status).toBe(404);
      }
      expect((await inboxCall(system, token, 'DELETE', `/v1/inbox/notifications/${id}/delete`)).status).toBe(404);
    }
    expect((await inboxCall(system, token, 'POST', '/v1/inbox/notifications/read', {})).status).toBe(204);
    expect((await theirs.notifications.list({ read: false })).data?.notifications.map((n) => n.id)).toEqual([
      foreign.id,
    ]);
    expect((await elsewhere.notifications.list({ read: false })).data?.notifications.map((n) => n.id)).toEqual([
      remote.id,
    ]);
  });
});
