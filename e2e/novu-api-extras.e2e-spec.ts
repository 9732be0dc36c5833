import { randomBytes } from 'node:crypto';

import { Novu as NovuApi } from '@novu/api';

import { uniqueName } from './support/expect-jobs.util';
import { HeraldApi } from './support/herald-api';
import { type HeraldSystem, startHeraldSystem } from './support/herald-system';
import { type InboxEnvironment, newEnvironment } from './support/novu-inbox';

// `@novu/api` (pinned), unchanged but for its URL, through the v2 routes issue 16 left for last:
// one topic subscription, a layout's preview and usage, and the environment's workflow tags.
const OPERATOR_TOKEN = randomBytes(32).toString('hex');

let system: HeraldSystem;
let api: HeraldApi;
let novuApi: NovuApi;
let other: InboxEnvironment;
let otherApi: NovuApi;

const clientOf = (secretKey: string) =>
  new NovuApi({ secretKey, serverURL: system.apiUrl, retryConfig: { strategy: 'none' } });

beforeAll(async () => {
  system = await startHeraldSystem('novu_api_extras', {
    apps: ['api-gateway', 'trigger-worker'],
    env: { OPERATOR_TOKEN },
  });
  api = new HeraldApi(system);
  novuApi = clientOf(system.apiKey);
  other = await newEnvironment(system, OPERATOR_TOKEN);
  otherApi = clientOf(other.apiKey);
}, 180_000);

afterAll(async () => {
  await system?.stop();
}, 90_000);

function systemIt(name: string, body: () => Promise<void>): void {
  it(name, () => system.withLogsOnFailure(body), 120_000);
}

/** The status and Novu error body of a call `@novu/api` rejected. */
async function failure(call: Promise<unknown>): Promise<{ status?: number; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const { statusCode, body } = error as { statusCode?: number; body?: string };
    return { status: statusCode, body: body ? JSON.parse(body) : undefined };
  }
  throw new Error('the call succeeded');
}

describe('one topic subscription through @novu/api', () => {
  systemIt('reads and names a subscription by its identifier, and refuses what Herald does not keep', async () => {
    const key = uniqueName('extras-topic');
    const [ada, bob] = [uniqueName('ada'), uniqueName('bob')];
    await api.createSubscribers([{ subscriberId: ada }, { subscriberId: bob }]);
    const created = (await novuApi.topics.subscriptions.create({ subscriberIds: [ada, bob] }, key)).result;
    const adas = created.data.find((subscription) => subscription.subscriber?.subscriberId === ada);
    expect(adas?.identifier).toBe(`tk_${key}:si_${ada}`);
    const identifier = adas?.identifier as string;

    const read = (await novuApi.topics.subscriptions.getSubscription(key, identifier)).result;
    expect(read).toEqual({ id: adas?.id, identifier, preferences: [] });

    const named = (
      await novuApi.topics.subscriptions.update({
        topicKey: key,
        identifier,
        updateTopicSubscriptionRequestDto: { name: 'Ada at work' },
      })
    ).result;
    expect(named).toMatchObject({
      id: adas?.id,
      identifier,
      name: 'Ada at work',
      topic: { key },
      subscriber: { subscriberId: ada },
    });
    expect(Date.parse(named.updatedAt)).toBeGreaterThanOrEqual(Date.parse(named.createdAt));
    expect((await novuApi.topics.subscriptions.getSubscription(key, identifier)).result.name).toBe('Ada at work');
    // The list shows the name on Ada's subscription only.
    const listed = (await novuApi.topics.subscriptions.list({ topicKey: key })).result.data;
    expect(listed.map((subscription) => [subscription.subscriber.subscriberId, subscription.identifier])).toEqual(
      [ada, bob].sort().map((id) => [id, `tk_${key}:si_${id}`]),
    );

    // Per-subscription preferences are refused, not dropped; the name stays.
    const refused = await failure(
      novuApi.topics.subscriptions.update({
        topicKey: key,
        identifier,
        updateTopicSubscriptionRequestDto: { name: 'Other', preferences: ['some-workflow'] },
      }),
    );
    expect(refused).toMatchObject({
      status: 422,
      body: { statusCode: 422, errors: { preferences: expect.anything() } },
    });
    expect((await novuApi.topics.subscriptions.getSubscription(key, identifier)).result.name).toBe('Ada at work');

    // Unknown identifiers, another topic's identifier and another environment are Novu's 404.
    const notFound = { status: 404, body: { statusCode: 404, message: expect.stringContaining('not found') } };
    expect(await failure(novuApi.topics.subscriptions.getSubscription(key, `tk_${key}:si_nobody`))).toMatchObject(
      notFound,
    );
    expect(await failure(novuApi.topics.subscriptions.getSubscription(key, ada))).toMatchObject(notFound);
    const elsewhere = uniqueName('extras-topic');
    await novuApi.topics.subscriptions.create({ subscriberIds: [bob] }, elsewhere);
    expect(await failure(novuApi.topics.subscriptions.getSubscription(elsewhere, `tk_${key}:si_${bob}`))).toMatchObject(
      notFound,
    );
    expect(await failure(otherApi.topics.subscriptions.getSubscription(key, identifier))).toMatchObject(notFound);
    expect(
      await failure(
        otherApi.topics.subscriptions.update({
          topicKey: key,
          identifier,
          updateTopicSubscriptionRequestDto: { name: 'Stolen' },
        }),
      ),
    ).toMatchObject(notFound);
    expect((await novuApi.topics.subscriptions.getSubscription(key, identifier)).result.name).toBe('Ada at work');
  });
});

describe('a layout’s preview and usage through @novu/api', () => {
  systemIt('renders the layout for a sample subscriber and lists the workflows whose emails use it', async () => {
    const layoutId = uniqueName('extras-layout');
    await novuApi.layouts.create({ layoutId, name: 'Brand' });
    const html = '<table><tr><td>Hi {{subscriber.firstName}}</td></tr><tr><td>{{content}}</td></tr></table>';
    await novuApi.layouts.update(
      { name: 'Brand', controlValues: { email: { body: html, editorType: 'html' } } },
      layoutId,
    );

    const preview = (
      await novuApi.layouts.generatePreview({ previewPayload: { subscriber: { firstName: '<b>Ada</b>' } } }, layoutId)
    ).result;
    // Escaped like runner-email escapes a layout's output, with a stand-in where the email's body goes.
    expect(preview.result).toEqual({
      type: 'email',
      preview: {
        body: '<table><tr><td>Hi &lt;b&gt;Ada&lt;/b&gt;</td></tr><tr><td><p>The email’s content goes here.</p></td></tr></table>',
      },
    });
    expect(preview.previewPayloadExample.subscriber).toMatchObject({ firstName: '<b>Ada</b>' });
    const drafted = (
      await novuApi.layouts.generatePreview(
        { controlValues: { email: { body: '<main>{{subscriber.lastName}}{{content}}</main>' } } },
        layoutId,
      )
    ).result;
    expect(drafted.result.preview?.body).toBe('<main>Doe<p>The email’s content goes here.</p></main>');
    const broken = await api.request('POST', `/v2/layouts/${layoutId}/preview`, {
      controlValues: { email: { body: '<p>{{ subscriber.firstName | no_such_filter }}{{content}}</p>' } },
    });
    expect(broken).toMatchObject({ status: 422, body: { statusCode: 422 } });

    const email = (name: string, controls: Record<string, unknown>) => ({
      workflowId: uniqueName(name),
      name,
      steps: [{ name: 'Email', type: 'email', controlValues: { subject: 'Hi', body: '<p>Hi</p>', ...controls } }],
    });
    const named = email('Named', { layoutId });
    const unnamed = email('Unnamed', {});
    const none = email('None', { layoutId: null });
    const inApp = {
      workflowId: uniqueName('in-app'),
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'x' } }],
    };
    for (const workflow of [named, unnamed, none, inApp]) await api.createWorkflow(workflow);

    expect((await novuApi.layouts.usage(layoutId)).result.workflows).toEqual([
      { name: 'Named', workflowId: named.workflowId },
    ]);
    // As the default layout it is also what an email naming no layout gets (`layoutId: null` asks for none).
    expect((await api.request('POST', `/v1/layouts/${layoutId}/default`)).status).toBe(204);
    expect((await novuApi.layouts.usage(layoutId)).result.workflows).toEqual([
      { name: 'Named', workflowId: named.workflowId },
      { name: 'Unnamed', workflowId: unnamed.workflowId },
    ]);

    const notFound = { status: 404, body: { statusCode: 404 } };
    expect(await failure(otherApi.layouts.usage(layoutId))).toMatchObject(notFound);
    expect(await failure(otherApi.layouts.generatePreview({}, layoutId))).toMatchObject(notFound);
  });
});

describe('the environment’s tags through @novu/api', () => {
  systemIt('lists the distinct tags of its live workflows, and no other environment’s', async () => {
    const [billing, alerts, gone] = [uniqueName('billing'), uniqueName('alerts'), uniqueName('gone')];
    const steps = [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'x' } }];
    await api.createWorkflow({ workflowId: uniqueName('tagged'), tags: [billing, alerts], steps });
    await api.createWorkflow({ workflowId: uniqueName('tagged'), tags: [alerts], steps });
    const deleted = uniqueName('tagged');
    await api.createWorkflow({ workflowId: deleted, tags: [gone], steps });
    expect((await api.request('DELETE', `/v2/workflows/${deleted}`)).status).toBe(204);
    await other.api.createWorkflow({ workflowId: uniqueName('theirs'), tags: [`${billing}-theirs`], steps });

    const me = await api.request<{ data: { _id: string } }>('GET', '/v1/environments/me');
    const names = (await novuApi.environments.getTags(me.body.data._id)).result.map((tag) => tag.name);
    expect(names).toEqual(expect.arrayContaining([billing, alerts]));
    expect(names.filter((name) => name === alerts)).toHaveLength(1);
    expect(names).not.toContain(gone);
    expect(names).not.toContain(`${billing}-theirs`);

    // Another environment's id answers Novu's 404, whichever key asks.
    const theirs = await other.api.request<{ data: { _id: string } }>('GET', '/v1/environments/me');
    expect(await failure(novuApi.environments.getTags(theirs.body.data._id))).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: `Environment ${theirs.body.data._id} not found` },
    });
    expect(await failure(otherApi.environments.getTags(me.body.data._id))).toMatchObject({ status: 404 });
    expect((await otherApi.environments.getTags(theirs.body.data._id)).result).toEqual([{ name: `${billing}-theirs` }]);
  });
});
