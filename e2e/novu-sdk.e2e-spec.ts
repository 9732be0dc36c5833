import { expectEventually } from '@herald/testing';
import { Novu } from '@novu/api';
import { TriggerRecipientsTypeEnum } from '@novu/api/models/components';

import { ActivityFeed } from './support/activity-feed';
import { DELIVERY_TIMEOUT, expectJobs, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// A team moving from Novu changes only the base URL: every call here goes through Novu's own SDK.
let system: HeraldSystem;
let novu: Novu;
let feed: ActivityFeed;

beforeAll(async () => {
  system = await startHeraldSystem('novu_sdk');
  // No retries: a failing call must fail the case, not be hidden by the SDK's back-off.
  novu = new Novu({ secretKey: system.apiKey, serverURL: system.apiUrl, retryConfig: { strategy: 'none' } });
  feed = new ActivityFeed(new HeraldApi(system));
}, 120_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

/** Runs a case with every service's output printed when it fails. */
function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body));
}

async function createInAppWorkflow(body: string): Promise<string> {
  const workflowId = uniqueName('sdk');
  const created = await novu.workflows.create({
    name: workflowId,
    workflowId,
    active: true,
    steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body } }],
  });
  expect(created.result).toMatchObject({ workflowId, active: true });
  return workflowId;
}

/** The subscriber's inbox contents through the SDK, newest first. */
async function inboxContents(subscriberId: string): Promise<string[]> {
  return (await novu.subscribers.notifications.feed({ subscriberId, limit: 100 })).result.data.map(
    (message) => message.content,
  );
}

describe('subscribers, trigger and the inbox through @novu/api', () => {
  systemIt('creates and reads a subscriber, triggers to it, and reads and marks its inbox', async () => {
    const subscriberId = uniqueName('ada');
    const created = await novu.subscribers.create({
      subscriberId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `${subscriberId}@example.com`,
    });
    expect(created.result).toMatchObject({ subscriberId, firstName: 'Ada' });
    expect((await novu.subscribers.retrieve(subscriberId)).result).toMatchObject({
      subscriberId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: `${subscriberId}@example.com`,
    });
    const workflowId = await createInAppWorkflow('Hello {{subscriber.firstName}}, {{payload.count}} new');

    const triggered = await novu.trigger({ workflowId, to: subscriberId, payload: { count: 3 } });

    expect(triggered.result).toMatchObject({ acknowledged: true, status: 'processed' });
    const { transactionId } = triggered.result;
    if (!transactionId) throw new Error('the trigger answered no transactionId');
    const activity = await expectEventually(async () => {
      const page = await novu.notifications.list({ transactionId, page: 0, limit: 10 });
      expect(
        page.result.data.map((notification) => notification.jobs?.map((job) => `${job.type}:${job.status}`)),
      ).toEqual([['in_app:completed']]);
      return page.result.data[0];
    }, DELIVERY_TIMEOUT);
    expect(activity).toMatchObject({ transactionId, subscriberId: expect.any(String) });

    const inbox = await novu.subscribers.notifications.feed({ subscriberId, limit: 10 });
    expect(inbox.result).toMatchObject({ page: 0, hasMore: false });
    expect(inbox.result.data).toEqual([
      expect.objectContaining({
        transactionId,
        content: 'Hello Ada, 3 new',
        channel: 'in_app',
        seen: false,
        read: false,
      }),
    ]);
    expect((await novu.subscribers.notifications.unseenCount({ subscriberId })).result).toEqual({ count: 1 });

    const marked = await novu.subscribers.messages.markAllAs(
      { messageId: inbox.result.data[0].id, markAs: 'seen' },
      subscriberId,
    );
    expect(marked.result).toEqual([expect.objectContaining({ id: inbox.result.data[0].id, seen: true })]);
    expect((await novu.subscribers.notifications.unseenCount({ subscriberId })).result).toEqual({ count: 0 });
  });

  systemIt('triggers in bulk: one transaction and one delivery per event', async () => {
    const workflowId = await createInAppWorkflow('Bulk {{payload.n}}');
    const subscriberIds = [uniqueName('b1'), uniqueName('b2'), uniqueName('b3')];

    const bulk = await novu.triggerBulk({ events: subscriberIds.map((to, n) => ({ workflowId, to, payload: { n } })) });

    expect(bulk.result.map((result) => result.status)).toEqual(['processed', 'processed', 'processed']);
    const transactionIds = bulk.result.map((result) => result.transactionId ?? '');
    expect(new Set(transactionIds).size).toBe(3);
    for (const transactionId of transactionIds) await expectJobs(feed, transactionId, [['in_app:completed']]);
    for (const [n, subscriberId] of subscriberIds.entries())
      expect(await inboxContents(subscriberId)).toEqual([`Bulk ${n}`]);
  });
});

describe('idempotent retries and preferences through @novu/api', () => {
  systemIt('replays a retried trigger with the same idempotency key: one transaction, one delivery', async () => {
    const workflowId = await createInAppWorkflow('Exactly once');
    const subscriberId = uniqueName('edsger');
    const key = uniqueName('sdk-key');

    const first = await novu.trigger({ workflowId, to: subscriberId }, key);
    const second = await novu.trigger({ workflowId, to: subscriberId }, key);

    expect(second.result).toEqual(first.result);
    await expectJobs(feed, first.result.transactionId ?? '', [['in_app:completed']]);
    expect(await inboxContents(subscriberId)).toEqual(['Exactly once']);
  });

  systemIt('a channel the subscriber turned off for the workflow is canceled, for that subscriber only', async () => {
    const workflowId = await createInAppWorkflow('Unless muted');
    const [muted, listening] = [uniqueName('muted'), uniqueName('listening')];
    await novu.subscribers.createBulk({ subscribers: [{ subscriberId: muted }, { subscriberId: listening }] });
    const updated = await novu.subscribers.preferences.update({ workflowId, channels: { inApp: false } }, muted);
    expect(
      updated.result.workflows.find((preference) => preference.workflow.identifier === workflowId)?.channels,
    ).toMatchObject({ inApp: false });

    const [mutedRun, listeningRun] = (
      await novu.triggerBulk({ events: [muted, listening].map((to) => ({ workflowId, to })) })
    ).result;

    await expectJobs(feed, mutedRun.transactionId ?? '', [['in_app:canceled']]);
    await expectJobs(feed, listeningRun.transactionId ?? '', [['in_app:completed']]);
    expect(await inboxContents(muted)).toEqual([]);
    expect(await inboxContents(listening)).toEqual(['Unless muted']);
  });
});

describe('cancel through @novu/api', () => {
  systemIt('cancels a delayed trigger: true, its jobs canceled, then false', async () => {
    const workflowId = uniqueName('sdk-later');
    const subscriberId = uniqueName('cat');
    await novu.workflows.create({
      name: workflowId,
      workflowId,
      active: true,
      steps: [
        { name: 'Wait', type: 'delay', controlValues: { type: 'regular', amount: 1, unit: 'hours' } },
        { name: 'Inbox', type: 'in_app', controlValues: { body: 'An hour later' } },
      ],
    });
    const triggered = await novu.trigger({ workflowId, to: { subscriberId, firstName: 'Cat' } });
    const transactionId = triggered.result.transactionId ?? '';
    await expectJobs(feed, transactionId, [['delay:delayed', 'in_app:pending']]);

    expect((await novu.cancel(transactionId)).result).toBe(true);

    await expectJobs(feed, transactionId, [['delay:canceled', 'in_app:canceled']]);
    expect((await novu.cancel(transactionId)).result).toBe(false);
    expect(await inboxContents(subscriberId)).toEqual([]);
  });
});

describe('topics through @novu/api', () => {
  systemIt('triggers a topic, leaving out the excluded subscriber', async () => {
    const workflowId = await createInAppWorkflow('For the team');
    const topicKey = uniqueName('team');
    const members = [uniqueName('t1'), uniqueName('t2'), uniqueName('t3')];
    const bulk = await novu.subscribers.createBulk({ subscribers: members.map((subscriberId) => ({ subscriberId })) });
    expect(bulk.result.created.map((created) => created.subscriberId).sort()).toEqual([...members].sort());
    expect((await novu.topics.create({ key: topicKey, name: 'Team' })).result).toMatchObject({
      key: topicKey,
      name: 'Team',
    });
    expect((await novu.topics.subscriptions.create({ subscriberIds: members }, topicKey)).result.meta).toEqual({
      totalCount: 3,
      successful: 3,
      failed: 0,
    });

    const triggered = await novu.trigger({
      workflowId,
      to: { type: TriggerRecipientsTypeEnum.Topic, topicKey, exclude: [members[1]] },
    });

    const transactionId = triggered.result.transactionId ?? '';
    const notifications = await expectJobs(feed, transactionId, [['in_app:completed'], ['in_app:completed']]);
    expect(notifications.map((notification) => notification.subscriberId).sort()).toEqual(
      [members[0], members[2]].sort(),
    );
    expect(await inboxContents(members[1])).toEqual([]);
    expect(await inboxContents(members[0])).toEqual(['For the team']);
  });
});

describe('broadcast through @novu/api', () => {
  systemIt('notifies every subscriber of the environment, each notification completed', async () => {
    const workflowId = await createInAppWorkflow('To everyone');
    const subscriberId = uniqueName('everyone');
    await novu.subscribers.create({ subscriberId });

    // Every subscriber the earlier cases created is in this environment too: each one is notified.
    const everyone = (await novu.subscribers.search({ limit: 100 })).result.data.map(
      (subscriber) => subscriber.subscriberId,
    );
    expect(everyone).toContain(subscriberId);

    const broadcast = await novu.triggerBroadcast({ name: workflowId, payload: {} });

    expect(broadcast.result).toMatchObject({ acknowledged: true, status: 'processed' });
    await expectEventually(async () => {
      const all = await feed.notifications(broadcast.result.transactionId ?? '');
      // Sorted ids equal to the distinct ids: one notification per subscriber, none missing, none twice.
      expect(all.map((notification) => notification.subscriberId).sort()).toEqual([...everyone].sort());
      expect(all.filter((notification) => notification.jobs.map((job) => job.status).join() !== 'completed')).toEqual(
        [],
      );
    }, DELIVERY_TIMEOUT);
    expect(await inboxContents(subscriberId)).toEqual(['To everyone']);
  });
});
