import { randomBytes } from 'node:crypto';

import {
  expectEventually,
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '@herald/testing';

import { ActivityFeed, type FeedNotification } from './support/activity-feed';
import { DELIVERY_TIMEOUT, expectJobs as expectFeedJobs, jobStatuses, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// One boot of the whole system for every case: booting eight processes dominates the runtime.
let system: HeraldSystem;
let api: HeraldApi;
let feed: ActivityFeed;
let smtp: SmtpReceiver;
let webhooks: HttpReceiver;

// Polls that read 50 transactions at once stay well under the gateway's default read rate limit (100/s).
const BATCH_POLL = { timeoutMs: 30_000, intervalMs: 1_000 };
const mailsTo = (address: string) => smtp.messages.filter((mail) => mail.to.includes(address));
const expectJobs = (transactionId: string, expected: string[][]): Promise<FeedNotification[]> =>
  expectFeedJobs(feed, transactionId, expected);

/** Runs a case with every service's output printed when it fails. */
function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body));
}

beforeAll(async () => {
  [smtp, webhooks] = await Promise.all([startSmtpReceiver(), startHttpReceiver()]);
  system = await startHeraldSystem('delivery');
  api = new HeraldApi(system);
  feed = new ActivityFeed(api);
  await api.createIntegration({
    providerId: 'nodemailer',
    channel: 'email',
    identifier: uniqueName('smtp'),
    credentials: {
      host: smtp.host,
      port: String(smtp.port),
      secure: false,
      from: 'herald@example.com',
      senderName: 'Herald E2E',
    },
  });
  await api.createIntegration({
    providerId: 'slack',
    channel: 'chat',
    identifier: uniqueName('slack'),
    credentials: {},
  });
  await api.createIntegration({
    providerId: 'push-webhook',
    channel: 'push',
    identifier: uniqueName('push'),
    credentials: { webhookUrl: `${webhooks.url}/push` },
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await Promise.all([smtp?.close(), webhooks?.close()]);
}, 90_000);

describe('in-app workflow', () => {
  systemIt('delivers to the inbox and the activity feed shows the job completed', async () => {
    const workflowId = uniqueName('welcome');
    const subscriberId = uniqueName('ada');
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { subject: 'Hi', body: 'Hello {{payload.name}}' } }],
    });

    const { transactionId, status } = await api.trigger({
      name: workflowId,
      to: subscriberId,
      payload: { name: 'Ada' },
    });

    expect(status).toBe('processed');
    await expectJobs(transactionId, [['in_app:completed']]);
    expect(await feed.inbox(subscriberId)).toEqual([{ transactionId, subject: 'Hi', body: 'Hello Ada' }]);
  });
});

describe('email via SMTP', () => {
  systemIt('sends exactly one rendered mail to the subscriber', async () => {
    const workflowId = uniqueName('receipt');
    const email = `${uniqueName('grace')}@example.com`;
    await api.createWorkflow({
      workflowId,
      steps: [
        {
          name: 'Mail',
          type: 'email',
          controlValues: { subject: 'Order {{payload.order}}', body: '<p>Thanks, {{subscriber.firstName}}!</p>' },
        },
      ],
    });

    const { transactionId } = await api.trigger({
      name: workflowId,
      to: { subscriberId: uniqueName('grace'), email, firstName: 'Grace' },
      payload: { order: 'A-42' },
    });

    await expectJobs(transactionId, [['email:completed']]);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].headers.get('subject')).toBe('Order A-42');
    expect(mails[0].html).toContain('Thanks, Grace!');
  });
});

describe('delay then email', () => {
  systemIt('delivers once, after the delay', async () => {
    const workflowId = uniqueName('reminder');
    const email = `${uniqueName('alan')}@example.com`;
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Wait', type: 'delay', controlValues: { type: 'regular', amount: 2, unit: 'seconds' } },
        { name: 'Mail', type: 'email', controlValues: { subject: 'Reminder', body: 'Do not forget' } },
      ],
    });

    const { transactionId } = await api.trigger({
      name: workflowId,
      to: { subscriberId: uniqueName('alan'), email },
      payload: {},
    });

    await expectJobs(transactionId, [['delay:completed', 'email:completed']]);
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0].headers.get('subject')).toBe('Reminder');
  });
});

describe('cancel during a delay', () => {
  systemIt('cancels the delayed step and every later one, and nothing is delivered', async () => {
    const workflowId = uniqueName('nudge');
    const [kept, canceled] = [uniqueName('niklaus'), uniqueName('kay')].map((subscriberId) => ({
      subscriberId,
      email: `${subscriberId}@example.com`,
    }));
    // Long enough that the cancel lands while the job waits, even on a loaded machine.
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Wait', type: 'delay', controlValues: { type: 'regular', amount: 10, unit: 'seconds' } },
        { name: 'Inbox', type: 'in_app', controlValues: { body: 'Still there?' } },
        { name: 'Mail', type: 'email', controlValues: { subject: 'Still there?', body: 'nudge' } },
      ],
    });

    const target = await api.trigger({ name: workflowId, to: canceled, payload: {} });
    // Triggered after the canceled one: once it is delivered, the canceled one's delay has elapsed too.
    const witness = await api.trigger({ name: workflowId, to: kept, payload: {} });
    await expectJobs(target.transactionId, [['delay:delayed', 'in_app:pending', 'email:pending']]);

    expect(await api.cancel(target.transactionId)).toBe(true);
    await expectJobs(target.transactionId, [['delay:canceled', 'in_app:canceled', 'email:canceled']]);
    await expectFeedJobs(feed, witness.transactionId, [['delay:completed', 'in_app:completed', 'email:completed']], {
      timeoutMs: 60_000,
      intervalMs: 250,
    });

    expect(mailsTo(kept.email)).toHaveLength(1);
    expect(mailsTo(canceled.email)).toHaveLength(0);
    expect((await feed.inbox(kept.subscriberId)).map((message) => message.body)).toEqual(['Still there?']);
    expect(await feed.inbox(canceled.subscriberId)).toEqual([]);
    expect(jobStatuses(await feed.notifications(target.transactionId))).toEqual([
      ['delay:canceled', 'in_app:canceled', 'email:canceled'],
    ]);
    // Nothing is left to cancel: in the canceled transaction, the delivered one, or one that never existed.
    expect(await api.cancel(target.transactionId)).toBe(false);
    expect(await api.cancel(witness.transactionId)).toBe(false);
    expect(await api.cancel(uniqueName('no-such-transaction'))).toBe(false);
  });

  systemIt('canceling the digesting event hands the digest to the events merged into it', async () => {
    const workflowId = uniqueName('batch');
    const subscriberId = uniqueName('frances');
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Collect', type: 'digest', controlValues: { amount: 10, unit: 'seconds' } },
        { name: 'Inbox', type: 'in_app', controlValues: { body: '{{step.total_count}} collected' } },
      ],
    });
    const trigger = (n: number) => api.trigger({ name: workflowId, to: subscriberId, payload: { n } });
    const leader = await trigger(1);
    await expectJobs(leader.transactionId, [['digest:delayed', 'in_app:pending']]);
    const followers = [await trigger(2), await trigger(3)];
    for (const { transactionId } of followers)
      await expectEventually(
        async () => expect((await feed.notifications(transactionId))[0]?.jobs[0].status).toBe('merged'),
        DELIVERY_TIMEOUT,
      );

    expect(await api.cancel(leader.transactionId)).toBe(true);

    await expectJobs(leader.transactionId, [['digest:canceled', 'in_app:canceled']]);
    await expectEventually(
      async () => {
        const all = (await Promise.all(followers.map(({ transactionId }) => feed.notifications(transactionId)))).flat();
        expect(jobStatuses(all).sort()).toEqual([
          ['digest:completed', 'in_app:completed'],
          ['digest:merged', 'in_app:merged'],
        ]);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect((await feed.inbox(subscriberId)).map((message) => message.body)).toEqual(['2 collected']);
  });
});

describe('digest then in-app', () => {
  systemIt('merges 50 events into one delivery with total_count 50', async () => {
    const workflowId = uniqueName('digest');
    const subscriberId = uniqueName('barbara');
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Collect', type: 'digest', controlValues: { amount: 8, unit: 'seconds' } },
        { name: 'Inbox', type: 'in_app', controlValues: { body: '{{step.total_count}} new events' } },
      ],
    });

    const results = await api.triggerBulk(
      Array.from({ length: 50 }, (_, index) => ({ name: workflowId, to: subscriberId, payload: { index } })),
    );

    expect(results).toHaveLength(50);
    const finals = await expectEventually(async () => {
      const all = (await Promise.all(results.map(({ transactionId }) => feed.notifications(transactionId)))).flat();
      expect(all).toHaveLength(50);
      for (const notification of all) expect(['completed', 'merged']).toContain(notification.jobs[0].status);
      expect(all.filter((notification) => notification.jobs[1].status === 'completed')).toHaveLength(1);
      return all;
    }, BATCH_POLL);
    const leaders = finals.filter((notification) => notification.jobs[0].status === 'completed');
    expect(leaders).toHaveLength(1);
    expect(jobStatuses(leaders)).toEqual([['digest:completed', 'in_app:completed']]);
    const merged = finals.filter((notification) => notification.jobs[0].status === 'merged');
    expect(jobStatuses(merged)).toEqual(Array.from({ length: 49 }, () => ['digest:merged', 'in_app:merged']));
    const inbox = await feed.inbox(subscriberId);
    expect(inbox.map((message) => message.body)).toEqual(['50 new events']);
  });
});

describe('idempotent retries and bulk', () => {
  systemIt('the same request with the same Idempotency-Key twice makes one notification', async () => {
    const workflowId = uniqueName('once');
    const subscriberId = uniqueName('edsger');
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Only once' } }],
    });
    const key = uniqueName('key');
    const body = { name: workflowId, to: subscriberId, payload: {} };

    const first = await api.trigger(body, key);
    const second = await api.trigger(body, key);

    expect(second.transactionId).toBe(first.transactionId);
    await expectJobs(first.transactionId, [['in_app:completed']]);
    await expectEventually(async () => expect(await feed.inbox(subscriberId)).toHaveLength(1), DELIVERY_TIMEOUT);
  });

  systemIt('a bulk request with three events makes three notifications', async () => {
    const workflowId = uniqueName('bulk');
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Bulk {{payload.n}}' } }],
    });
    const subscribers = [uniqueName('b1'), uniqueName('b2'), uniqueName('b3')];

    const results = await api.triggerBulk(subscribers.map((to, n) => ({ name: workflowId, to, payload: { n } })));

    expect(new Set(results.map((result) => result.transactionId)).size).toBe(3);
    for (const { transactionId } of results) await expectJobs(transactionId, [['in_app:completed']]);
    for (const [n, subscriberId] of subscribers.entries())
      expect((await feed.inbox(subscriberId)).map((message) => message.body)).toEqual([`Bulk ${n}`]);
  });
});

describe('back-off digest', () => {
  systemIt('sends the first event at once and digests the ones inside the look-back window', async () => {
    const workflowId = uniqueName('backoff');
    const subscriberId = uniqueName('hedy');
    await api.createWorkflow({
      workflowId,
      steps: [
        {
          name: 'Collect',
          type: 'digest',
          controlValues: { amount: 3, unit: 'seconds', lookBackWindow: { amount: 1, unit: 'minutes' } },
        },
        { name: 'Inbox', type: 'in_app', controlValues: { body: '{{step.total_count}} digested' } },
      ],
    });
    const trigger = (n: number) => api.trigger({ name: workflowId, to: subscriberId, payload: { n } });

    const first = await trigger(1);
    await expectJobs(first.transactionId, [['digest:skipped', 'in_app:completed']]);
    const later = [await trigger(2), await trigger(3)];

    const finals = await expectEventually(async () => {
      const all = (await Promise.all(later.map(({ transactionId }) => feed.notifications(transactionId)))).flat();
      expect(jobStatuses(all).sort()).toEqual([
        ['digest:completed', 'in_app:completed'],
        ['digest:merged', 'in_app:merged'],
      ]);
      return all;
    }, DELIVERY_TIMEOUT);
    expect(finals).toHaveLength(2);
    expect((await feed.inbox(subscriberId)).map((message) => message.body)).toEqual(['1 digested', '2 digested']);
  });
});

describe('skip rules and preferences', () => {
  systemIt('cancels a step whose skip rule holds and a channel the workflow preferences turn off', async () => {
    const workflowId = uniqueName('muted');
    const email = `${uniqueName('ken')}@example.com`;
    const subscriberId = uniqueName('ken');
    await api.createWorkflow({
      workflowId,
      preferences: { workflow: { all: { enabled: true, readOnly: false }, channels: { email: { enabled: false } } } },
      steps: [
        {
          name: 'Inbox',
          type: 'in_app',
          controlValues: { body: 'muted?', skip: { '==': [{ var: 'payload.muted' }, true] } },
        },
        { name: 'Mail', type: 'email', controlValues: { subject: 'Never sent', body: 'off' } },
      ],
    });

    const muted = await api.trigger({ name: workflowId, to: { subscriberId, email }, payload: { muted: true } });
    const loud = await api.trigger({ name: workflowId, to: { subscriberId, email }, payload: { muted: false } });

    await expectJobs(muted.transactionId, [['in_app:canceled', 'email:canceled']]);
    await expectJobs(loud.transactionId, [['in_app:completed', 'email:canceled']]);
    expect((await feed.inbox(subscriberId)).map((message) => message.transactionId)).toEqual([loud.transactionId]);
    expect(mailsTo(email)).toHaveLength(0);
  });
});

describe('broadcast', () => {
  systemIt('notifies every subscriber of the environment', async () => {
    const seedWorkflow = uniqueName('seed');
    const workflowId = uniqueName('news');
    const subscribers = [uniqueName('n1'), uniqueName('n2')];
    await api.createWorkflow({
      workflowId: seedWorkflow,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'hello' } }],
    });
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'News {{payload.edition}}' } }],
    });
    const seeded = await api.triggerBulk(subscribers.map((to) => ({ name: seedWorkflow, to, payload: {} })));
    for (const { transactionId } of seeded) await expectJobs(transactionId, [['in_app:completed']]);

    const { transactionId } = await api
      .request<{ data: { transactionId: string } }>('POST', '/v1/events/trigger/broadcast', {
        name: workflowId,
        payload: { edition: 9 },
      })
      .then((response) => {
        expect(response.status).toBe(201);
        return response.body.data;
      });

    const notifications = await expectEventually(async () => {
      const all = await feed.notifications(transactionId);
      expect(all.map((notification) => notification.subscriberId)).toEqual(expect.arrayContaining(subscribers));
      for (const notification of all) expect(notification.jobs.map((job) => job.status)).toEqual(['completed']);
      return all;
    }, DELIVERY_TIMEOUT);
    expect(new Set(notifications.map((notification) => notification.subscriberId)).size).toBe(notifications.length);
    for (const subscriberId of subscribers)
      expect((await feed.inbox(subscriberId)).map((message) => message.body)).toEqual(['hello', 'News 9']);
  });
});

describe('five channels with an attachment', () => {
  systemIt('delivers in-app, email (with the attachment), SMS, push and chat', async () => {
    const workflowId = uniqueName('five');
    const subscriberId = uniqueName('linus');
    const email = `${subscriberId}@example.com`;
    const slackPath = `/services/${uniqueName('T')}/B1/x`;
    const text = 'Build {{payload.build}} failed';
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Inbox', type: 'in_app', controlValues: { body: text } },
        { name: 'Mail', type: 'email', controlValues: { subject: text, body: `<p>${text}</p>` } },
        { name: 'Text', type: 'sms', controlValues: { body: text } },
        { name: 'Push', type: 'push', controlValues: { subject: 'Build', body: text } },
        { name: 'Slack', type: 'chat', controlValues: { body: text } },
      ],
    });
    await api.createIntegration({
      providerId: 'sms-webhook',
      channel: 'sms',
      identifier: uniqueName('sms'),
      credentials: { webhookUrl: `${webhooks.url}/sms`, from: 'Herald' },
    });
    const report = Buffer.from(`build log ${randomBytes(8).toString('hex')}\n`);

    const { transactionId } = await api.trigger({
      name: workflowId,
      to: {
        subscriberId,
        email,
        phone: '+15555550123',
        channels: [
          { providerId: 'slack', credentials: { webhookUrl: `${webhooks.url}${slackPath}` } },
          { providerId: 'push-webhook', credentials: { deviceTokens: [`device-${subscriberId}`] } },
        ],
      },
      payload: {
        build: '#7',
        attachments: [{ file: report.toString('base64'), name: 'build.log', mime: 'text/plain' }],
      },
    });

    await expectJobs(transactionId, [
      ['in_app:completed', 'email:completed', 'sms:completed', 'push:completed', 'chat:completed'],
    ]);
    expect((await feed.inbox(subscriberId)).map((message) => message.body)).toEqual(['Build #7 failed']);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].headers.get('subject')).toBe('Build #7 failed');
    expect(mails[0].attachments).toEqual([
      { filename: 'build.log', contentType: expect.stringContaining('text/plain'), content: report },
    ]);
    const sms = webhooks
      .requestsTo('/sms')
      .filter((request) => (request.json as { subscriberId?: string }).subscriberId === subscriberId);
    expect(sms.map((request) => request.json)).toEqual([
      expect.objectContaining({ to: '+15555550123', from: 'Herald', content: 'Build #7 failed' }),
    ]);
    const push = webhooks.requestsTo('/push').filter((request) => request.body.includes(`device-${subscriberId}`));
    expect(push).toHaveLength(1);
    expect(push[0].body).toContain('Build #7 failed');
    expect(webhooks.requestsTo(slackPath).map((request) => request.json)).toEqual([{ text: 'Build #7 failed' }]);
  });
});

describe('chat and push webhooks', () => {
  systemIt('posts to the subscriber’s Slack webhook and the push webhook', async () => {
    const workflowId = uniqueName('alert');
    const subscriberId = uniqueName('grace');
    await api.createWorkflow({
      workflowId,
      steps: [
        { name: 'Slack', type: 'chat', controlValues: { body: 'Deploy {{payload.build}} done' } },
        { name: 'Push', type: 'push', controlValues: { subject: 'Deploy', body: 'Deploy {{payload.build}} done' } },
      ],
    });
    const slackPath = `/services/${uniqueName('T')}/B2/y`;

    const { transactionId } = await api.trigger({
      name: workflowId,
      to: {
        subscriberId,
        channels: [
          { providerId: 'slack', credentials: { webhookUrl: `${webhooks.url}${slackPath}` } },
          { providerId: 'push-webhook', credentials: { deviceTokens: [`device-${subscriberId}`] } },
        ],
      },
      payload: { build: '#8' },
    });

    await expectJobs(transactionId, [['chat:completed', 'push:completed']]);
    expect(webhooks.requestsTo(slackPath).map((request) => request.json)).toEqual([{ text: 'Deploy #8 done' }]);
    const push = webhooks.requestsTo('/push').filter((request) => request.body.includes(`device-${subscriberId}`));
    expect(push).toHaveLength(1);
    expect(push[0].body).toContain('Deploy #8 done');
  });
});
