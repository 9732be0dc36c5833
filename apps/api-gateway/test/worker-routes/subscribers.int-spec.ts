import type { TestEnvironment } from '../support/gateway-test-app';
import { startWorkerRoutesWorld, WorkerRoutesWorld } from './support/worker-routes-world';

describe('subscriber routes served by trigger-worker', () => {
  let world: WorkerRoutesWorld;
  let other: TestEnvironment;

  beforeAll(async () => {
    world = await startWorkerRoutesWorld('wr_subs');
    other = await world.gateway.createEnvironment('Other');
  });

  afterAll(() => world?.close());

  it('creates, reads, patches and deletes a subscriber in Novu’s shape (raw HTTP)', async () => {
    const { environmentId, organizationId } = world.gateway.environment;
    const created = await world.http('POST', '/v2/subscribers', {
      subscriberId: 'ada',
      email: 'ada@example.com',
      firstName: 'Ada',
      data: { tier: 'gold' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      _id: expect.any(String),
      subscriberId: 'ada',
      _organizationId: organizationId,
      _environmentId: environmentId,
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: null,
      data: { tier: 'gold' },
      channels: [],
      deleted: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const conflict = await world.http('POST', '/v2/subscribers?failIfExists=true', { subscriberId: 'ada' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('already exists'),
      path: '/v2/subscribers',
      subscriberId: 'ada',
      email: 'ada@example.com',
    });

    const patched = await world.http('PATCH', '/v2/subscribers/ada', { lastName: 'Lovelace', email: null });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: null,
      data: { tier: 'gold' },
    });
    expect((await world.http('GET', '/v2/subscribers/ada')).body).toEqual({ data: patched.body.data });

    expect(await world.http('DELETE', '/v2/subscribers/ada')).toMatchObject({
      status: 200,
      body: { data: { acknowledged: true, status: 'deleted' } },
    });
    const missing = await world.http('GET', '/v2/subscribers/ada');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      statusCode: 404,
      message: 'Subscriber ada not found',
      path: '/v2/subscribers/ada',
      timestamp: expect.any(String),
    });
    expect((await world.http('PATCH', '/v2/subscribers/ada', { firstName: 'X' })).status).toBe(404);
  });

  it('answers bad bodies and queries with Novu-shaped 422s', async () => {
    const noId = await world.http('POST', '/v2/subscribers', { email: 'x@example.com', firstName: 7 });
    expect(noId.status).toBe(422);
    expect(noId.body).toMatchObject({
      statusCode: 422,
      message: 'Validation Error',
      errors: { subscriberId: { messages: ['is required'] }, firstName: { messages: [expect.any(String)], value: 7 } },
    });
    expect((await world.http('GET', '/v2/subscribers?limit=500')).body.errors).toEqual({
      limit: { messages: ['must be at most 100'], value: '500' },
    });
    expect((await world.http('POST', '/v1/subscribers/bulk', { subscribers: [] })).body.errors).toMatchObject({
      subscribers: { messages: ['must list at least one subscriber'] },
    });
    const credentials = await world.http('PUT', '/v1/subscribers/anyone/credentials', {
      providerId: 'sendgrid',
      credentials: { deviceTokens: 'abc' },
    });
    expect(credentials.status).toBe(422);
    expect(Object.keys(credentials.body.errors).sort()).toEqual(['credentials.deviceTokens', 'providerId']);
    expect(
      (await world.http('PATCH', '/v2/subscribers/anyone/preferences', { channels: { email: 'no' } })).body.errors,
    ).toMatchObject({ 'channels.email': { messages: ['must be a boolean'] } });
  });

  it('bulk-creates, then searches with cursors, through the SDK', async () => {
    const novu = world.sdk();
    const bulk = await novu.subscribers.createBulk({
      subscribers: Array.from({ length: 5 }, (_, i) => ({
        subscriberId: `bulk-${i}`,
        email: `bulk-${i}@example.com`,
        firstName: i % 2 ? 'Odd' : 'Even',
      })),
    });
    expect(bulk.result.created).toHaveLength(5);
    const again = await world.http('POST', '/v1/subscribers/bulk', {
      subscribers: [
        { subscriberId: 'bulk-0' },
        { subscriberId: 'bulk-new', channels: [{ providerId: 'fcm', credentials: { deviceTokens: ['t'] } }] },
      ],
    });
    expect(again).toMatchObject({
      status: 201,
      body: { data: { created: [{ subscriberId: 'bulk-new' }], updated: [{ subscriberId: 'bulk-0' }], failed: [] } },
    });

    const first = await novu.subscribers.search({ subscriberId: 'bulk-', limit: 4 });
    expect(first.result).toMatchObject({
      totalCount: 6,
      totalCountCapped: false,
      previous: null,
      next: expect.any(String),
    });
    const second = await novu.subscribers.search({
      subscriberId: 'bulk-',
      limit: 4,
      after: first.result.next ?? undefined,
    });
    expect(second.result.next).toBeNull();
    const ids = [...first.result.data, ...second.result.data].map((subscriber) => subscriber.subscriberId);
    expect(new Set(ids)).toEqual(new Set(['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-new']));
    expect((await novu.subscribers.search({ name: 'odd' })).result.data.map((s) => s.subscriberId).sort()).toEqual([
      'bulk-1',
      'bulk-3',
    ]);
    const raw = await world.http('GET', '/v2/subscribers?email=bulk-2@&orderDirection=asc');
    expect(raw.body).toMatchObject({
      data: [{ subscriberId: 'bulk-2' }],
      next: null,
      previous: null,
      totalCount: 1,
      totalCountCapped: false,
    });
  });

  it('creates, reads, patches and deletes through the SDK', async () => {
    const novu = world.sdk();
    const created = await novu.subscribers.create({ subscriberId: 'grace', firstName: 'Grace', locale: 'en' }, true);
    expect(created.result).toMatchObject({
      subscriberId: 'grace',
      firstName: 'Grace',
      environmentId: world.gateway.environment.environmentId,
      deleted: false,
    });
    await expect(novu.subscribers.create({ subscriberId: 'grace' }, true)).rejects.toMatchObject({ statusCode: 409 });
    expect((await novu.subscribers.patch({ lastName: 'Hopper' }, 'grace')).result).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    expect((await novu.subscribers.retrieve('grace')).result.lastName).toBe('Hopper');
    expect((await novu.subscribers.delete('grace')).result).toEqual({ acknowledged: true, status: 'deleted' });
    await expect(novu.subscribers.retrieve('grace')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('replaces, appends and deletes channel credentials (Novu’s body shape, SDK and raw)', async () => {
    const novu = world.sdk();
    await novu.subscribers.create({ subscriberId: 'devices' });
    const replaced = await novu.subscribers.credentials.update(
      { providerId: 'fcm', credentials: { deviceTokens: ['a', 'b'] } },
      'devices',
    );
    expect(replaced.result.channels).toEqual([
      expect.objectContaining({ providerId: 'fcm', credentials: { deviceTokens: ['a', 'b'] } }),
    ]);
    const appended = await novu.subscribers.credentials.append(
      { providerId: 'fcm', credentials: { deviceTokens: ['b', 'c'] } },
      'devices',
    );
    expect([...(appended.result.channels?.[0].credentials.deviceTokens ?? [])].sort()).toEqual(['a', 'b', 'c']);
    const slack = await world.http('PUT', '/v1/subscribers/devices/credentials', {
      providerId: 'slack',
      integrationIdentifier: 'slack-main',
      credentials: { webhookUrl: 'https://hooks.example.com/x', channel: 'general' },
    });
    expect(slack.status).toBe(200);
    expect(slack.body.data.channels).toContainEqual({
      providerId: 'slack',
      integrationIdentifier: 'slack-main',
      _integrationId: 'slack-main',
      credentials: { webhookUrl: 'https://hooks.example.com/x', channel: 'general' },
    });

    await novu.subscribers.credentials.delete('devices', 'fcm');
    expect((await novu.subscribers.retrieve('devices')).result.channels?.map((channel) => channel.providerId)).toEqual([
      'slack',
    ]);
    expect((await world.http('DELETE', '/v1/subscribers/devices/credentials/slack')).status).toBe(204);
    expect(
      (await world.http('PUT', '/v1/subscribers/nobody/credentials', { providerId: 'fcm', credentials: {} })).status,
    ).toBe(404);
  });

  it('reads and updates preferences against the environment’s workflows', async () => {
    await world.createWorkflow('prefs-flow', [
      { name: 'Email', type: 'email', controlValues: { subject: 'Hi', body: 'Hello' } },
      { name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello' } },
    ]);
    const novu = world.sdk();
    await novu.subscribers.create({ subscriberId: 'prefs' });
    const initial = await novu.subscribers.preferences.list({ subscriberId: 'prefs' });
    expect(initial.result.global).toMatchObject({ enabled: true, channels: { email: true, inApp: true } });
    expect(initial.result.workflows).toEqual([
      expect.objectContaining({
        enabled: true,
        channels: { email: true, inApp: true },
        workflow: expect.objectContaining({ identifier: 'prefs-flow' }),
        overrides: [],
      }),
    ]);

    const perWorkflow = await novu.subscribers.preferences.update(
      { workflowId: 'prefs-flow', channels: { email: false } },
      'prefs',
    );
    expect(perWorkflow.result.workflows[0]).toMatchObject({
      channels: { email: false, inApp: true },
      overrides: [{ channel: 'email', source: 'subscriber' }],
    });
    const global = await world.http('PATCH', '/v2/subscribers/prefs/preferences', { channels: { in_app: false } });
    expect(global.status).toBe(200);
    expect(global.body.data.global.channels).toMatchObject({ email: true, in_app: false });
    expect(global.body.data.workflows[0].channels).toEqual({ email: false, in_app: false });

    expect(
      (
        await world.http('PATCH', '/v2/subscribers/prefs/preferences', {
          workflowId: 'no-such-flow',
          channels: { email: true },
        })
      ).status,
    ).toBe(404);
    expect((await world.http('GET', '/v2/subscribers/nobody/preferences')).status).toBe(404);
  });

  it('bulk-updates preferences through the SDK: every workflow checked first, all stored or none', async () => {
    const email = { name: 'Email', type: 'email', controlValues: { subject: 'Hi', body: 'Hello' } };
    const inbox = { name: 'Inbox', type: 'in_app', controlValues: { body: 'Hello' } };
    await world.createWorkflow('bulk-a', [email, inbox]);
    await world.createWorkflow('bulk-b', [inbox]);
    const critical = await world.http('POST', '/v2/workflows', {
      name: 'Bulk critical',
      workflowId: 'bulk-critical',
      active: true,
      critical: true,
      steps: [inbox],
    });
    expect(critical.status).toBe(201);
    const novu = world.sdk();
    await novu.subscribers.create({ subscriberId: 'bulk-prefs' });
    const bulkAId = (await world.http('GET', '/v2/workflows/bulk-a')).body.data._id;
    expect(bulkAId).toEqual(expect.any(String));

    const updated = await novu.subscribers.preferences.bulkUpdate(
      {
        preferences: [
          { workflowId: 'bulk-a', channels: { email: false } },
          { workflowId: 'bulk-b', channels: { inApp: false } },
          // The same workflow by its id: one answer for it, both changes applied in order.
          { workflowId: bulkAId, channels: { inApp: true } },
        ],
      },
      'bulk-prefs',
    );
    expect(updated.result).toEqual([
      expect.objectContaining({
        level: 'template',
        enabled: true,
        channels: { email: false, inApp: true },
        workflow: expect.objectContaining({ identifier: 'bulk-a', critical: false }),
      }),
      expect.objectContaining({
        level: 'template',
        enabled: false,
        channels: { inApp: false },
        workflow: expect.objectContaining({ identifier: 'bulk-b' }),
      }),
    ]);
    const listed = await novu.subscribers.preferences.list({ subscriberId: 'bulk-prefs' });
    const byIdentifier = (identifier: string) =>
      listed.result.workflows.find((preference) => preference.workflow.identifier === identifier);
    expect(byIdentifier('bulk-a')?.channels).toEqual({ email: false, inApp: true });
    expect(byIdentifier('bulk-b')?.channels).toEqual({ inApp: false });

    // Unknown workflows are named, and nothing was stored: bulk-b is still off, not switched back on.
    const unknown = await world.http('PATCH', '/v2/subscribers/bulk-prefs/preferences/bulk', {
      preferences: [
        { workflowId: 'bulk-b', channels: { in_app: true } },
        { workflowId: 'no-such-a', channels: { email: true } },
        { workflowId: 'no-such-b', channels: { email: true } },
      ],
    });
    expect(unknown).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: 'Workflows with ids: no-such-a, no-such-b not found' },
    });
    const refused = await world.http('PATCH', '/v2/subscribers/bulk-prefs/preferences/bulk', {
      preferences: [
        { workflowId: 'bulk-b', channels: { in_app: true } },
        { workflowId: 'bulk-critical', channels: { in_app: false } },
      ],
    });
    expect(refused).toMatchObject({
      status: 400,
      body: { statusCode: 400, message: 'Critical workflows with ids: bulk-critical cannot be updated' },
    });
    expect(
      (await novu.subscribers.preferences.list({ subscriberId: 'bulk-prefs' })).result.workflows.find(
        (preference) => preference.workflow.identifier === 'bulk-b',
      )?.channels,
    ).toEqual({ inApp: false });

    const bad = (body: unknown) => world.http('PATCH', '/v2/subscribers/bulk-prefs/preferences/bulk', body);
    expect((await bad({ preferences: [] })).status).toBe(422);
    expect((await bad({ preferences: Array.from({ length: 101 }, () => ({ workflowId: 'bulk-a' })) })).status).toBe(
      422,
    );
    expect((await bad({ preferences: [{ workflowId: 'bulk-a', channels: { email: 'no' } }] })).status).toBe(422);
    expect(
      (await bad({ preferences: [{ workflowId: 'bulk-a', channels: {} }], context: { tenant: 'acme' } })).body,
    ).toMatchObject({
      statusCode: 422,
      errors: { context: { messages: ['is not supported: Herald has no contexts'] } },
    });
    expect(
      (
        await world.http('PATCH', '/v2/subscribers/nobody/preferences/bulk', {
          preferences: [{ workflowId: 'bulk-a', channels: { email: true } }],
        })
      ).status,
    ).toBe(404);
  });

  it('lists the topics a subscriber belongs to through the SDK, and 404s for an unknown one', async () => {
    const novu = world.sdk();
    await novu.subscribers.create({ subscriberId: 'reader', firstName: 'Rea' });
    await novu.subscribers.create({ subscriberId: 'lurker' });
    for (const key of ['sports', 'weather', 'music'])
      await novu.topics.subscriptions.create({ subscriberIds: ['reader'] }, key);

    const listed = await novu.subscribers.topics.list({ subscriberId: 'reader' });
    expect(listed.result.data.map((subscription) => subscription.topic.key)).toEqual(['music', 'weather', 'sports']);
    expect(listed.result.data[0]).toMatchObject({
      id: expect.any(String),
      identifier: 'tk_music:si_reader',
      createdAt: expect.any(String),
      subscriber: { subscriberId: 'reader', firstName: 'Rea' },
    });
    expect(listed.result).toMatchObject({ next: null, previous: null, totalCount: 3, totalCountCapped: false });

    const first = await novu.subscribers.topics.list({ subscriberId: 'reader', limit: 2, orderDirection: 'ASC' });
    expect(first.result.next).toEqual(expect.any(String));
    const rest = await novu.subscribers.topics.list({
      subscriberId: 'reader',
      limit: 2,
      orderDirection: 'ASC',
      after: first.result.next as string,
    });
    expect([...first.result.data, ...rest.result.data].map((s) => s.topic.key)).toEqual(['sports', 'weather', 'music']);
    const weather = await novu.subscribers.topics.list({ subscriberId: 'reader', key: 'weather' });
    expect(weather.result.data.map((s) => s.topic.key)).toEqual(['weather']);
    // Herald's subscriptions have no context: one named keeps none, the empty set keeps all.
    expect(
      (await novu.subscribers.topics.list({ subscriberId: 'reader', contextKeys: ['tenant:acme'] })).result.data,
    ).toEqual([]);
    expect((await world.http('GET', '/v2/subscribers/reader/subscriptions?contextKeys=')).body.data).toHaveLength(3);

    expect((await novu.subscribers.topics.list({ subscriberId: 'lurker' })).result.data).toEqual([]);
    expect(await world.http('GET', '/v2/subscribers/nobody/subscriptions')).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: 'Subscriber nobody not found' },
    });
    expect((await world.http('GET', '/v2/subscribers/reader/subscriptions?before=x')).status).toBe(422);
    expect((await world.http('GET', '/v2/subscribers/reader/subscriptions?limit=101')).status).toBe(422);
    expect((await world.http('GET', '/v2/subscribers/reader/subscriptions', undefined, other)).status).toBe(404);
  });

  it('keeps environments apart', async () => {
    await world.http('POST', '/v2/subscribers', { subscriberId: 'mine', email: 'mine@example.com' });
    expect((await world.http('GET', '/v2/subscribers/mine', undefined, other)).status).toBe(404);
    expect((await world.http('GET', '/v2/subscribers', undefined, other)).body).toMatchObject({
      data: [],
      totalCount: 0,
    });
    expect((await world.http('DELETE', '/v2/subscribers/mine', undefined, other)).status).toBe(404);
    expect((await world.http('GET', '/v2/subscribers/mine')).status).toBe(200);
    expect(
      (await world.http('GET', '/v2/subscribers/mine', undefined, { ...other, apiKey: 'hk_test_not-a-real-key' }))
        .status,
    ).toBe(401);
  });
});
