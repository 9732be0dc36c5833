import { type HttpReceiver, startHttpReceiver } from '@herald/testing';
import { Novu } from '@novu/node';

import { ActivityFeed } from './support/activity-feed';
import { expectJobs, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// Novu's legacy server SDK, as most existing integrations call it: only `backendUrl` changes.
let system: HeraldSystem;
let novu: Novu;
let api: HeraldApi;
let feed: ActivityFeed;
/** Stands in for Slack: a subscriber's chat credentials point here. */
let webhooks: HttpReceiver;

beforeAll(async () => {
  webhooks = await startHttpReceiver();
  system = await startHeraldSystem('novu_node_subscribers');
  novu = new Novu(system.apiKey, { backendUrl: system.apiUrl });
  api = new HeraldApi(system);
  feed = new ActivityFeed(api);
  await api.createIntegration({
    providerId: 'slack',
    channel: 'chat',
    identifier: uniqueName('slack'),
    credentials: {},
  });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await webhooks?.close();
}, 90_000);

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body));
}

/** The HTTP status and body of a call the SDK rejected (axios throws on every non-2xx). */
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

async function inAppWorkflow(body: string): Promise<string> {
  const workflowId = uniqueName('node');
  await api.createWorkflow({ workflowId, steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body } }] });
  return workflowId;
}

/** Triggers through `@novu/node` and returns the transaction id. */
async function trigger(workflowId: string, subscriberId: string): Promise<string> {
  const { data } = await novu.trigger(workflowId, { to: { subscriberId }, payload: {} });
  expect(data.data).toMatchObject({ acknowledged: true, status: 'processed' });
  return data.data.transactionId as string;
}

describe('subscriber profiles through @novu/node', () => {
  systemIt('identify upserts, update changes fields, get reads them, delete makes it a 404', async () => {
    const subscriberId = uniqueName('ada');

    const created = await novu.subscribers.identify(subscriberId, { firstName: 'Ada', email: 'ada@example.com' });
    expect(created.status).toBe(201);
    expect(created.data.data).toMatchObject({ subscriberId, firstName: 'Ada', email: 'ada@example.com' });
    const again = await novu.subscribers.identify(subscriberId, {
      lastName: 'Lovelace',
      locale: 'en',
      channels: [{ providerId: 'slack' as never, credentials: { webhookUrl: 'https://hooks.example.com/ada' } }],
    });
    expect(again.data.data).toMatchObject({
      _id: created.data.data._id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      channels: [
        expect.objectContaining({ providerId: 'slack', credentials: { webhookUrl: 'https://hooks.example.com/ada' } }),
      ],
    });

    const updated = await novu.subscribers.update(subscriberId, { email: 'countess@example.com', data: { n: 1 } });
    expect(updated.data.data).toMatchObject({ subscriberId, email: 'countess@example.com', data: { n: 1 } });

    const read = await novu.subscribers.get(subscriberId);
    expect(read.data.data).toMatchObject({
      subscriberId,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'countess@example.com',
      locale: 'en',
      deleted: false,
    });

    expect((await novu.subscribers.delete(subscriberId)).data).toEqual({
      data: { acknowledged: true, status: 'deleted' },
    });
    const gone = await failure(novu.subscribers.get(subscriberId));
    expect(gone).toMatchObject({ status: 404, body: { statusCode: 404 } });
    expect(await failure(novu.subscribers.update(subscriberId, { firstName: 'Nobody' }))).toMatchObject({
      status: 404,
    });
    expect(await failure(novu.subscribers.delete(subscriberId))).toMatchObject({ status: 404 });
  });

  systemIt('identify rejects a body Novu rejects with its 422 naming the field', async () => {
    const rejected = await failure(novu.subscribers.identify('', { email: 'x@example.com' }));
    expect(rejected).toMatchObject({
      status: 422,
      body: { statusCode: 422, errors: { subscriberId: expect.anything() } },
    });
  });

  systemIt('lists every subscriber once across pages, oldest first', async () => {
    const mine = [uniqueName('p1'), uniqueName('p2'), uniqueName('p3')];
    for (const subscriberId of mine) await novu.subscribers.identify(subscriberId, { firstName: subscriberId });

    const first = (await novu.subscribers.list(0, 2)).data;
    expect(first).toMatchObject({ page: 0, pageSize: 2, hasMore: true });
    expect(first.data).toHaveLength(2);
    const seen: string[] = [];
    for (let page = 0; ; page += 1) {
      const answer = (await novu.subscribers.list(page, 2)).data;
      expect(answer.page).toBe(page);
      seen.push(...answer.data.map((subscriber: { subscriberId: string }) => subscriber.subscriberId));
      if (!answer.hasMore) {
        expect(answer.totalCount).toBe(seen.length);
        break;
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
  });

  systemIt('stores and returns the online status and when the subscriber went offline', async () => {
    const subscriberId = uniqueName('online');
    await novu.subscribers.identify(subscriberId, {});

    const online = await novu.subscribers.updateOnlineStatus(subscriberId, true);
    expect(online.data.data).toMatchObject({ subscriberId, isOnline: true });
    const before = Date.now();
    const offline = await novu.subscribers.updateOnlineStatus(subscriberId, false);
    expect(offline.data.data).toMatchObject({ subscriberId, isOnline: false, lastOnlineAt: expect.any(String) });
    expect(Date.parse(offline.data.data.lastOnlineAt)).toBeGreaterThanOrEqual(before - 5_000);

    expect((await novu.subscribers.get(subscriberId)).data.data).toMatchObject({
      isOnline: false,
      lastOnlineAt: offline.data.data.lastOnlineAt,
    });
    expect(await failure(novu.subscribers.updateOnlineStatus(uniqueName('nobody'), true))).toMatchObject({
      status: 404,
    });
  });

  systemIt('chat goes to the webhook setCredentials stored, and stops once deleteCredentials removed it', async () => {
    const workflowId = uniqueName('node-chat');
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Slack', type: 'chat', controlValues: { body: 'Deploy {{payload.n}} done' } }],
    });
    const subscriberId = uniqueName('creds');
    const slackPath = `/services/${uniqueName('T')}/B1/x`;
    await novu.subscribers.identify(subscriberId, {});

    const set = await novu.subscribers.setCredentials(subscriberId, 'slack', {
      webhookUrl: `${webhooks.url}${slackPath}`,
    });
    expect(set.data.data.channels).toEqual([
      expect.objectContaining({ providerId: 'slack', credentials: { webhookUrl: `${webhooks.url}${slackPath}` } }),
    ]);
    await novu.subscribers.setCredentials(subscriberId, 'fcm', { deviceTokens: ['token-1'] });
    const { data } = await novu.trigger(workflowId, { to: { subscriberId }, payload: { n: 1 } });
    await expectJobs(feed, data.data.transactionId as string, [['chat:completed']]);
    expect(webhooks.requestsTo(slackPath).map((request) => request.json)).toEqual([{ text: 'Deploy 1 done' }]);

    const deleted = await novu.subscribers.deleteCredentials(subscriberId, 'slack');
    expect(deleted.status).toBe(204);
    expect(
      (await novu.subscribers.get(subscriberId)).data.data.channels.map(
        (channel: { providerId: string }) => channel.providerId,
      ),
    ).toEqual(['fcm']);
    const again = await novu.trigger(workflowId, { to: { subscriberId }, payload: { n: 2 } });
    // Without a webhook the runner has nothing to deliver to: the job is canceled, nothing is posted.
    await expectJobs(feed, again.data.data.transactionId as string, [['chat:canceled']]);
    expect(webhooks.requestsTo(slackPath)).toHaveLength(1);

    expect(await failure(novu.subscribers.setCredentials(uniqueName('nobody'), 'slack', {}))).toMatchObject({
      status: 404,
    });
  });
});

describe('v1 preferences through @novu/node', () => {
  systemIt('a workflow preference turned off stops that channel for that subscriber only', async () => {
    const workflowId = await inAppWorkflow('Unless muted');
    const [muted, listening] = [uniqueName('muted'), uniqueName('listening')];
    await novu.subscribers.identify(muted, {});
    await novu.subscribers.identify(listening, {});

    const before = (await novu.subscribers.getPreference(muted)).data.data;
    const entry = (list: { template: { triggers: { identifier: string }[] } }[]) =>
      list.find((preference) => preference.template.triggers[0].identifier === workflowId);
    expect(entry(before)).toMatchObject({
      template: { name: workflowId, critical: false },
      preference: { enabled: true, channels: { in_app: true } },
    });

    const updated = await novu.subscribers.updatePreference(muted, workflowId, {
      channel: { type: 'in_app' as never, enabled: false },
    });
    expect(updated.data.data).toMatchObject({
      template: { triggers: [{ identifier: workflowId }] },
      preference: { enabled: true, channels: { in_app: false } },
    });
    expect(entry((await novu.subscribers.getPreferenceByLevel(muted, 'template' as never)).data.data)).toMatchObject({
      preference: { channels: { in_app: false } },
    });

    await expectJobs(feed, await trigger(workflowId, muted), [['in_app:canceled']]);
    await expectJobs(feed, await trigger(workflowId, listening), [['in_app:completed']]);

    // Turning it back on by the workflow's id (Novu's `templateId`) delivers again.
    const id = entry(before)?.template as unknown as { _id: string };
    await novu.subscribers.updatePreference(muted, id._id, { channel: { type: 'in_app' as never, enabled: true } });
    await expectJobs(feed, await trigger(workflowId, muted), [['in_app:completed']]);
  });

  systemIt('a workflow switched off as a whole delivers nothing', async () => {
    const workflowId = await inAppWorkflow('Whole workflow');
    const subscriberId = uniqueName('whole');
    await novu.subscribers.identify(subscriberId, {});

    const updated = await novu.subscribers.updatePreference(subscriberId, workflowId, { enabled: false });
    expect(updated.data.data.preference).toMatchObject({ enabled: false });

    await expectJobs(feed, await trigger(workflowId, subscriberId), [['in_app:canceled']]);
  });

  systemIt('global preferences: read, a channel turned off everywhere, then the whole switch', async () => {
    const workflowId = await inAppWorkflow('Globally');
    const subscriberId = uniqueName('global');
    await novu.subscribers.identify(subscriberId, {});

    expect((await novu.subscribers.getGlobalPreference(subscriberId)).data.data).toEqual([
      { preference: { enabled: true, channels: { email: true, sms: true, push: true, chat: true, in_app: true } } },
    ]);

    const off = await novu.subscribers.updateGlobalPreference(subscriberId, {
      preferences: [{ type: 'in_app' as never, enabled: false }],
    });
    expect(off.data.data).toEqual({
      preference: { enabled: true, channels: { email: true, sms: true, push: true, chat: true, in_app: false } },
    });
    await expectJobs(feed, await trigger(workflowId, subscriberId), [['in_app:canceled']]);

    await novu.subscribers.updateGlobalPreference(subscriberId, {
      preferences: [{ type: 'in_app' as never, enabled: true }],
    });
    await expectJobs(feed, await trigger(workflowId, subscriberId), [['in_app:completed']]);

    const disabled = await novu.subscribers.updateGlobalPreference(subscriberId, { enabled: false });
    expect(disabled.data.data.preference.enabled).toBe(false);
    expect((await novu.subscribers.getGlobalPreference(subscriberId)).data.data[0].preference.enabled).toBe(false);
    await expectJobs(feed, await trigger(workflowId, subscriberId), [['in_app:canceled']]);
  });

  systemIt('answers 404 for an unknown subscriber or workflow and 422 for an unknown level', async () => {
    const subscriberId = uniqueName('pref-errors');
    await novu.subscribers.identify(subscriberId, {});

    expect(await failure(novu.subscribers.getPreference(uniqueName('nobody')))).toMatchObject({ status: 404 });
    expect(
      await failure(novu.subscribers.updatePreference(subscriberId, uniqueName('no-workflow'), { enabled: false })),
    ).toMatchObject({ status: 404, body: { statusCode: 404 } });
    expect(await failure(novu.subscribers.getPreferenceByLevel(subscriberId, 'daily' as never))).toMatchObject({
      status: 422,
      body: { statusCode: 422, errors: { level: expect.anything() } },
    });
  });
});

describe('the in-app feed through @novu/node', () => {
  systemIt('pages the feed, filters by seen and counts unseen messages', async () => {
    const workflowId = await inAppWorkflow('Message {{payload.n}}');
    const subscriberId = uniqueName('reader');
    await novu.subscribers.identify(subscriberId, {});
    for (const n of [1, 2, 3]) {
      const { data } = await novu.trigger(workflowId, { to: { subscriberId }, payload: { n } });
      await expectJobs(feed, data.data.transactionId as string, [['in_app:completed']]);
    }

    const first = (await novu.subscribers.getNotificationsFeed(subscriberId, { page: 0, limit: 2 })).data;
    expect(first).toMatchObject({ page: 0, pageSize: 2, hasMore: true });
    const second = (await novu.subscribers.getNotificationsFeed(subscriberId, { page: 1, limit: 2 })).data;
    const contents = [...first.data, ...second.data].map((message: { content: string }) => message.content);
    expect(contents.sort()).toEqual(['Message 1', 'Message 2', 'Message 3']);
    expect((await novu.subscribers.getUnseenCount(subscriberId, false)).data).toEqual({ data: { count: 3 } });

    await novu.subscribers.markAllMessagesAs(subscriberId, 'seen' as never);
    expect((await novu.subscribers.getUnseenCount(subscriberId, false)).data).toEqual({ data: { count: 0 } });
    const unseen = await novu.subscribers.getNotificationsFeed(subscriberId, { seen: false });
    expect(unseen.data.data).toEqual([]);
  });
});

describe('the v1 subscriber routes in /openapi.json', () => {
  systemIt('documents each route with the zod schemas that validate it and the body it answers', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is read by path
    const document: any = await (await fetch(`${system.apiUrl}/openapi.json`)).json();
    const at = (path: string, method: string) => document.paths[path]?.[method];
    const routes: [string, string, string][] = [
      ['/v1/subscribers', 'post', '201'],
      ['/v1/subscribers', 'get', '200'],
      ['/v1/subscribers/{subscriberId}', 'get', '200'],
      ['/v1/subscribers/{subscriberId}', 'put', '200'],
      ['/v1/subscribers/{subscriberId}', 'delete', '200'],
      ['/v1/subscribers/{subscriberId}/online-status', 'patch', '200'],
      ['/v1/subscribers/{subscriberId}/preferences', 'get', '200'],
      ['/v1/subscribers/{subscriberId}/preferences', 'patch', '200'],
      ['/v1/subscribers/{subscriberId}/preferences/{level}', 'get', '200'],
      ['/v1/subscribers/{subscriberId}/preferences/{workflowId}', 'patch', '200'],
    ];
    for (const [path, method, status] of routes) {
      const operation = at(path, method);
      expect({ path, method, documented: Boolean(operation?.responses?.[status]?.content) }).toEqual({
        path,
        method,
        documented: true,
      });
      expect(operation.responses).toHaveProperty('422');
    }
    expect(at('/v1/subscribers', 'post').requestBody.content['application/json'].schema).toBeDefined();
    expect(at('/v1/subscribers', 'get').parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(['page', 'limit']),
    );
  });
});
