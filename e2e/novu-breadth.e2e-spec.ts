import { expectEventually, type SmtpReceiver, startSmtpReceiver } from '@herald/testing';
import { Novu as NovuApi } from '@novu/api';
import { Novu } from '@novu/node';

import { DELIVERY_TIMEOUT, uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';

// Novu's server SDKs, unchanged but for their URL: `@novu/node` (v1) and `@novu/api` (v2).
let system: HeraldSystem;
let novu: Novu;
let novuApi: NovuApi;
let api: HeraldApi;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  system = await startHeraldSystem('novu_node', {
    apps: ['api-gateway', 'trigger-worker', 'runner-in-app', 'runner-email'],
  });
  novu = new Novu(system.apiKey, { backendUrl: system.apiUrl });
  novuApi = new NovuApi({ secretKey: system.apiKey, serverURL: system.apiUrl, retryConfig: { strategy: 'none' } });
  api = new HeraldApi(system);
}, 120_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
}, 90_000);

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body));
}

/** The HTTP status of a call the SDK rejects (axios keeps the response on the error). */
async function statusOf(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (response) return { status: response.status, body: response.data };
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('topics through @novu/node (v1)', () => {
  systemIt('creates, lists, renames, fills, checks, empties and deletes a topic', async () => {
    const key = uniqueName('v1-topic');
    const [ada, bob] = [uniqueName('ada'), uniqueName('bob')];
    await api.createSubscribers([{ subscriberId: ada }, { subscriberId: bob }]);

    const created = await novu.topics.create({ key, name: 'Customers' });
    expect(created.status).toBe(201);
    expect(created.data.data).toEqual({ _id: expect.any(String), key });
    const again = await statusOf(novu.topics.create({ key, name: 'Customers' }));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, message: expect.stringContaining(key) });

    const added = await novu.topics.addSubscribers(key, { subscribers: [ada, bob, 'nobody-here'] });
    expect(added.status).toBe(200);
    expect(added.data.data).toEqual({ succeeded: [ada, bob], failed: { notFound: ['nobody-here'] } });

    const renamed = await novu.topics.rename(key, 'Best customers');
    expect(renamed.data.data).toMatchObject({ key, name: 'Best customers' });
    const fetched = (await novu.topics.get(key)).data.data;
    expect(fetched).toMatchObject({ _id: created.data.data._id, key, name: 'Best customers' });
    expect([...fetched.subscribers].sort()).toEqual([ada, bob].sort());

    const listed = (await novu.topics.list({ page: 0, pageSize: 10, key })).data;
    expect(listed).toMatchObject({ page: 0, pageSize: 10, totalCount: 1 });
    expect(listed.data.map((topic: { key: string }) => topic.key)).toEqual([key]);

    const member = (await novu.topics.getSubscriber(key, ada)).data.data;
    expect(member).toMatchObject({ topicKey: key, externalSubscriberId: ada, _topicId: created.data.data._id });

    // Novu keeps a topic with subscribers from being deleted.
    expect((await statusOf(novu.topics.delete(key))).status).toBe(409);
    const removed = await novu.topics.removeSubscribers(key, { subscribers: [ada, bob] });
    expect(removed.status).toBe(204);
    expect((await statusOf(novu.topics.checkSubscriber(key, ada))).status).toBe(404);
    expect((await novu.topics.delete(key)).status).toBe(204);
    const gone = await statusOf(novu.topics.get(key));
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ statusCode: 404 });
  });

  systemIt('pages topics newest first with page and pageSize', async () => {
    const prefix = uniqueName('paged');
    const keys = ['a', 'b', 'c'].map((suffix) => `${prefix}-${suffix}`);
    for (const key of keys) await novu.topics.create({ key, name: key });
    const first = (await novu.topics.list({ page: 0, pageSize: 2 })).data;
    const second = (await novu.topics.list({ page: 1, pageSize: 2 })).data;
    expect(first.totalCount).toBeGreaterThanOrEqual(3);
    expect(first.data.map((topic: { key: string }) => topic.key).slice(0, 2)).toEqual([keys[2], keys[1]]);
    expect(second.data[0].key).toBe(keys[0]);
  });
});

describe('environments through @novu/node', () => {
  systemIt('names the key’s environment and lists its organization’s environments', async () => {
    const me = (await novu.environments.getCurrent()).data.data;
    expect(me).toMatchObject({ _id: expect.any(String), name: expect.any(String), apiKeys: [] });
    const all = (await novu.environments.getAll()).data.data as { _id: string }[];
    expect(all.map((environment) => environment._id)).toContain(me._id);
  });
});

describe('execution details through @novu/node', () => {
  systemIt('lists every status change of a delivered in-app notification', async () => {
    const workflowId = uniqueName('exec');
    const subscriberId = uniqueName('eve');
    await api.createWorkflow({
      workflowId,
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello' } }],
    });
    await api.createSubscribers([{ subscriberId }]);
    const { transactionId } = await api.trigger({ name: workflowId, to: subscriberId });
    const notificationId = await expectEventually(async () => {
      const response = await api.request<{ data: { _id: string; jobs: { status: string }[] }[] }>(
        'GET',
        `/v1/notifications?transactionId=${transactionId}`,
      );
      expect(response.body.data[0]?.jobs.map((job) => job.status)).toEqual(['completed']);
      return response.body.data[0]._id;
    }, DELIVERY_TIMEOUT);

    const details = (await novu.executionDetails.get({ notificationId, subscriberId })).data.data as {
      _notificationId: string;
      channel: string;
      jobStatus: string;
      status: string;
      transactionId: string;
    }[];
    expect(details.length).toBeGreaterThanOrEqual(2);
    expect(details.every((detail) => detail._notificationId === notificationId)).toBe(true);
    expect(details.every((detail) => detail.channel === 'in_app' && detail.transactionId === transactionId)).toBe(true);
    expect(details[details.length - 1]).toMatchObject({ jobStatus: 'completed', status: 'Success' });

    // Another subscriber's view of the notification is empty; an unknown subscriber is a 404.
    const other = uniqueName('mallory');
    await api.createSubscribers([{ subscriberId: other }]);
    expect((await novu.executionDetails.get({ notificationId, subscriberId: other })).data.data).toEqual([]);
    expect((await statusOf(novu.executionDetails.get({ notificationId, subscriberId: 'nobody-here' }))).status).toBe(
      404,
    );
  });
});

describe('workflow steps through @novu/api (v2)', () => {
  systemIt('reads one step and previews what it would send for a sample payload and subscriber', async () => {
    const workflowId = uniqueName('preview');
    await api.createWorkflow({
      workflowId,
      steps: [
        {
          name: 'Welcome email',
          stepId: 'welcome-email',
          type: 'email',
          controlValues: {
            subject: 'Hi {{subscriber.firstName}}',
            body: '<p>Order {{payload.order}} for {{payload.name}}</p>',
            text: 'Order {{payload.order}}',
          },
        },
        {
          name: 'Inbox',
          stepId: 'inbox',
          type: 'in_app',
          controlValues: { subject: 'New', body: '{{payload.order}} shipped' },
        },
      ],
    });

    const step = (await novuApi.workflows.steps.retrieve(workflowId, 'welcome-email')).result;
    expect(step).toMatchObject({ stepId: 'welcome-email', type: 'email', workflowId, name: 'Welcome email' });
    expect(step.controlValues).toMatchObject({ subject: 'Hi {{subscriber.firstName}}' });

    const email = (
      await novuApi.workflows.steps.generatePreview({
        workflowId,
        stepId: 'welcome-email',
        generatePreviewRequestDto: {
          previewPayload: { payload: { order: 42, name: '<b>Ada</b>' }, subscriber: { firstName: 'Grace' } },
        },
      })
    ).result;
    // The email body escapes the payload's markup, as runner-email does; subject and text are not HTML.
    expect(email.result).toEqual({
      type: 'email',
      preview: expect.objectContaining({
        subject: 'Hi Grace',
        body: '<p>Order 42 for &lt;b&gt;Ada&lt;/b&gt;</p>',
        text: 'Order 42',
      }),
    });
    const inApp = (
      await novuApi.workflows.steps.generatePreview({
        workflowId,
        stepId: 'inbox',
        generatePreviewRequestDto: {
          controlValues: { body: 'Now {{payload.order}}' },
          previewPayload: { payload: { order: 7 } },
        },
      })
    ).result;
    expect(inApp.result).toEqual({
      type: 'in_app',
      preview: expect.objectContaining({ subject: 'New', body: 'Now 7' }),
    });

    const unknown = await api.request('GET', `/v2/workflows/${workflowId}/steps/nope`);
    expect(unknown.status).toBe(404);
    const broken = await api.request('POST', `/v2/workflows/${workflowId}/step/inbox/preview`, {
      controlValues: { body: '{{ payload.order | no_such_filter }}' },
    });
    expect(broken.status).toBe(422);
  });
});

describe('notification templates through @novu/node (v1)', () => {
  systemIt('creates a template that triggers, updates, pauses, lists and deletes it', async () => {
    const name = uniqueName('Order Shipped');
    const subscriberId = uniqueName('tim');
    await api.createSubscribers([{ subscriberId }]);
    const created = await novu.notificationTemplates.create({
      name,
      notificationGroupId: 'general',
      tags: ['orders'],
      steps: [{ template: { type: 'in_app', content: 'Order {{payload.order}} shipped' } }] as never,
    });
    expect(created.status).toBe(201);
    const template = created.data.data;
    const identifier = template.triggers[0].identifier as string;
    expect(template).toMatchObject({ name, active: true, draft: false, tags: ['orders'] });
    expect(identifier).toBe(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    expect(template.steps[0].template).toMatchObject({ type: 'in_app', content: 'Order {{payload.order}} shipped' });

    // The template is a workflow: triggering its identifier delivers its step.
    await novu.trigger(identifier, { to: { subscriberId }, payload: { order: 9 } });
    await expectEventually(async () => {
      const feed = await api.request<{ data: { content: string }[] }>(
        'GET',
        `/v1/subscribers/${subscriberId}/notifications/feed`,
      );
      expect(feed.body.data.map((message) => message.content)).toEqual(['Order 9 shipped']);
    }, DELIVERY_TIMEOUT);

    const updated = await novu.notificationTemplates.update(template._id, {
      name,
      notificationGroupId: 'general',
      description: 'When an order ships',
      steps: [{ template: { type: 'email', subject: 'Order {{payload.order}}', content: '<p>Shipped</p>' } }] as never,
    });
    expect(updated.data.data).toMatchObject({ _id: template._id, description: 'When an order ships' });
    expect(updated.data.data.steps.map((step: { template: { type: string } }) => step.template.type)).toEqual([
      'email',
    ]);
    const paused = await novu.notificationTemplates.updateStatus(template._id, false);
    expect(paused.data.data).toMatchObject({ active: false });
    expect((await novu.notificationTemplates.getOne(identifier)).data.data).toMatchObject({
      _id: template._id,
      active: false,
      steps: [{ template: { type: 'email', subject: 'Order {{payload.order}}', content: '<p>Shipped</p>' } }],
    });
    // The v2 view is the same workflow.
    expect((await novuApi.workflows.get(identifier)).result).toMatchObject({
      active: false,
      description: 'When an order ships',
    });

    const all = (await novu.notificationTemplates.getAll(0, 100)).data;
    expect(all).toMatchObject({ page: 0, pageSize: 100 });
    expect(all.data.map((entry: { _id: string }) => entry._id)).toContain(template._id);

    expect((await novu.notificationTemplates.delete(template._id)).data).toEqual({ data: true });
    expect((await statusOf(novu.notificationTemplates.getOne(template._id))).status).toBe(404);
  });

  systemIt('refuses a step Herald cannot map, naming the field', async () => {
    const refused = await statusOf(
      novu.notificationTemplates.create({
        name: uniqueName('Bad'),
        notificationGroupId: 'general',
        steps: [{ template: { type: 'email', content: 'no subject' } }, { template: { type: 'trigger' } }] as never,
      }),
    );
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('steps');
  });
});

describe('layouts through @novu/node (v1)', () => {
  /** The HTML of the one mail a trigger of `workflowId` sends to a fresh subscriber. */
  async function mailedHtml(workflowId: string): Promise<string> {
    const email = `${uniqueName('lay')}@example.com`;
    await api.trigger({
      name: workflowId,
      to: { subscriberId: uniqueName('lay'), email, firstName: 'Ada' },
      payload: { name: '<b>Ada</b>' },
    });
    return expectEventually(() => {
      const mails = smtp.messages.filter((mail) => mail.to.includes(email));
      expect(mails).toHaveLength(1);
      return mails[0].html ?? '';
    }, DELIVERY_TIMEOUT);
  }

  systemIt('wraps an email in its layout, and in the default only once one is set', async () => {
    await api.createIntegration({
      providerId: 'nodemailer',
      channel: 'email',
      identifier: uniqueName('smtp'),
      credentials: { host: smtp.host, port: String(smtp.port), secure: false, from: 'herald@example.com' },
    });
    const framed = uniqueName('framed');
    const created = await novu.layouts.create({
      name: 'Framed',
      identifier: framed,
      description: 'a frame',
      content: '<div class="frame"><h1>News for {{subscriber.firstName}}</h1>{{{body}}}<footer>Acme</footer></div>',
    });
    expect(created.status).toBe(201);
    const layoutId = created.data.data._id as string;
    const plain = uniqueName('plain');
    const named = uniqueName('named');
    const body = '<p>Hello {{payload.name}}</p>';
    await api.createWorkflow({
      workflowId: plain,
      steps: [{ name: 'Mail', type: 'email', controlValues: { subject: 'Hi', body } }],
    });
    await api.createWorkflow({
      workflowId: named,
      steps: [{ name: 'Mail', type: 'email', controlValues: { subject: 'Hi', body, layoutId: framed } }],
    });

    // No default layout yet: an email without layoutId is sent as before.
    expect(await mailedHtml(plain)).toBe('<p>Hello &lt;b&gt;Ada&lt;/b&gt;</p>');
    expect(await mailedHtml(named)).toBe(
      '<div class="frame"><h1>News for Ada</h1><p>Hello &lt;b&gt;Ada&lt;/b&gt;</p><footer>Acme</footer></div>',
    );

    const defaultId = uniqueName('default');
    await novu.layouts.create({
      name: 'Default',
      identifier: defaultId,
      description: 'the default',
      content: '<main>{{{body}}}</main>',
    });
    const listed = (await novu.layouts.list({ page: 0, pageSize: 100 })).data;
    const byIdentifier = new Map(
      listed.data.map((layout: { identifier: string; _id: string }) => [layout.identifier, layout]),
    );
    expect(byIdentifier.get(framed)).toMatchObject({ _id: layoutId, isDefault: false, channel: 'email' });
    expect((await novu.layouts.setDefault(defaultId)).status).toBe(204);
    expect(await mailedHtml(plain)).toBe('<main><p>Hello &lt;b&gt;Ada&lt;/b&gt;</p></main>');
    expect(await mailedHtml(named)).toContain('<h1>News for Ada</h1>');
    // The step preview shows the email as it would be sent: inside the layout it would get now.
    const preview = await novuApi.workflows.steps.generatePreview({
      workflowId: plain,
      stepId: 'mail',
      generatePreviewRequestDto: { previewPayload: { payload: { name: '<b>Ada</b>' } } },
    });
    expect(preview.result.result).toMatchObject({
      type: 'email',
      preview: { body: '<main><p>Hello &lt;b&gt;Ada&lt;/b&gt;</p></main>' },
    });

    const updated = await novu.layouts.update(layoutId, { name: 'Framed', content: '<section>{{{body}}}</section>' });
    expect(updated.data.data).toMatchObject({ _id: layoutId, content: '<section>{{{body}}}</section>' });
    expect(await mailedHtml(named)).toBe('<section><p>Hello &lt;b&gt;Ada&lt;/b&gt;</p></section>');
    expect((await novu.layouts.get(layoutId)).data.data).toEqual([expect.objectContaining({ _id: layoutId })]);

    // The default cannot be deleted; another layout can, and its steps fall back to the default.
    expect((await statusOf(novu.layouts.delete(defaultId))).status).toBe(409);
    expect((await novu.layouts.delete(layoutId)).status).toBe(204);
    expect(await mailedHtml(named)).toBe('<main><p>Hello &lt;b&gt;Ada&lt;/b&gt;</p></main>');
    const refused = await statusOf(
      novu.layouts.create({ name: 'No body', identifier: uniqueName('x'), description: '', content: '<p/>' }),
    );
    expect(refused.status).toBe(422);
  });
});

describe('layouts through @novu/api (v2)', () => {
  systemIt('creates, edits, lists, duplicates and deletes a layout that v1 sees too', async () => {
    const layoutId = uniqueName('brand');
    const created = (await novuApi.layouts.create({ layoutId, name: 'Brand' })).result;
    expect(created).toMatchObject({ layoutId, name: 'Brand', isDefault: false });
    expect(created.controls.values.email?.body).toBe('{{content}}');

    const updated = (
      await novuApi.layouts.update(
        { name: 'Brand', controlValues: { email: { body: '<table>{{content}}</table>', editorType: 'html' } } },
        layoutId,
      )
    ).result;
    expect(updated.controls.values.email?.body).toBe('<table>{{content}}</table>');
    expect((await novuApi.layouts.retrieve(layoutId)).result).toMatchObject({ id: created.id, layoutId });
    // The v1 view is the same layout.
    expect((await novu.layouts.get(created.id)).data.data[0]).toMatchObject({
      identifier: layoutId,
      content: '<table>{{content}}</table>',
    });

    const copy = (await novuApi.layouts.duplicate({ name: `${layoutId} copy` }, layoutId)).result;
    expect(copy).toMatchObject({
      name: `${layoutId} copy`,
      controls: { values: { email: { body: '<table>{{content}}</table>' } } },
    });
    const listed = (await novuApi.layouts.list({ query: layoutId, limit: 10 })).result;
    expect(listed.layouts.map((layout) => layout.layoutId).sort()).toEqual([layoutId, copy.layoutId].sort());
    expect(listed.totalCount).toBe(2);

    await novuApi.layouts.delete(copy.layoutId);
    expect((await api.request('GET', `/v2/layouts/${copy.layoutId}`)).status).toBe(404);
  });
});

describe('routes Herald does not serve', () => {
  systemIt('answer 404 in Novu’s error shape, naming the route', async () => {
    const response = await api.request('GET', '/v1/changes');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      path: '/v1/changes',
      message: expect.stringContaining('/v1/changes'),
    });
  });
});
