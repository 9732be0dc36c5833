import { workflowSnapshotSchema } from '@herald/contracts';

import { WorkflowRepository } from '../../src/features/workflows/workflow.repository';
import { GatewayTestApp, startGatewayTestApp } from '../support/gateway-test-app';
import { httpClient } from './http-client';

const steps = [
  { name: 'In-app', type: 'in_app', controlValues: { body: 'Hello {{subscriber.firstName}}' } },
  { name: 'Wait', type: 'delay', controlValues: { amount: 10, unit: 'seconds' } },
  { name: 'Digest', type: 'digest', controlValues: { amount: 1, unit: 'minutes', digestKey: 'postId' } },
  {
    name: 'Email',
    stepId: 'email',
    type: 'email',
    controlValues: { subject: 'Hi', body: '<p>Hi</p>', skip: { '==': [{ var: 'payload.muted' }, true] } },
  },
  { name: 'SMS', type: 'sms', active: false, controlValues: { body: 'hi' } },
  { name: 'Push', type: 'push', controlValues: { subject: 's', body: 'b' } },
  { name: 'Chat', type: 'chat', controlValues: { body: 'c' } },
];

describe('/v2/workflows over HTTP', () => {
  let gateway: GatewayTestApp;
  let api: ReturnType<typeof httpClient>;
  let counter = 0;
  const nextId = () => `wf-${++counter}`;
  const create = (overrides: Record<string, unknown> = {}) =>
    api('POST', '/v2/workflows', { name: 'Comment created', workflowId: nextId(), steps, active: true, ...overrides });

  beforeAll(async () => {
    gateway = await startGatewayTestApp();
    api = httpClient(gateway.baseUrl, `ApiKey ${gateway.environment.apiKey}`);
  });
  afterAll(() => gateway.close());

  it('creates a workflow with every field the SDK requires', async () => {
    const response = await create({
      tags: ['social'],
      description: 'd',
      payloadSchema: { type: 'object', properties: { postId: { type: 'string' } } },
    });
    expect(response.status).toBe(201);
    const workflow = response.body.data;
    expect(workflow).toMatchObject({
      name: 'Comment created',
      active: true,
      status: 'ACTIVE',
      origin: 'novu-cloud',
      severity: 'none',
      isTranslationEnabled: false,
      critical: false,
      validatePayload: true,
      version: 1,
      tags: ['social'],
      preferences: { user: null, default: { all: { enabled: true, readOnly: false } } },
    });
    expect(workflow.slug).toMatch(/^comment-created_wf_[0-9a-f]{16}$/);
    expect(typeof workflow._id).toBe('string');
    expect(Date.parse(workflow.createdAt)).not.toBeNaN();
    expect(workflow.steps).toHaveLength(7);
    expect(workflow.steps[3]).toMatchObject({
      stepId: 'email',
      type: 'email',
      active: true,
      origin: 'novu-cloud',
      workflowId: workflow.workflowId,
      workflowDatabaseId: workflow._id,
      controls: { values: { subject: 'Hi' } },
      variables: {},
    });
    expect(workflow.steps[0].stepId).toBe('in-app');
    expect(workflow.steps[4].active).toBe(false);
  });

  it('answers 422 in Novu’s shape naming the invalid step control', async () => {
    const response = await create({
      steps: [{ name: 'Wait', type: 'delay', controlValues: { amount: 'soon', unit: 'minutes' } }],
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      path: '/v2/workflows',
      errors: { 'steps[0].controlValues.amount': { messages: [expect.any(String)], value: 'soon' } },
    });
    expect(typeof response.body.timestamp).toBe('string');
    expect(typeof response.body.message).toBe('string');
  });

  it.each([
    ['a missing name', { name: undefined }, 'name'],
    [
      'a digest look-back on a timed digest',
      {
        steps: [
          {
            name: 'd',
            type: 'digest',
            controlValues: { cron: '0 * * * *', lookBackWindow: { amount: 1, unit: 'hours' } },
          },
        ],
      },
      'steps[0].controlValues.lookBackWindow',
    ],
    [
      'a skip rule that is not an object',
      { steps: [{ name: 'e', type: 'in_app', controlValues: { skip: 'always' } }] },
      'steps[0].controlValues.skip',
    ],
    ['steps that are not an array', { steps: 'none' }, 'steps'],
    [
      'a dynamic throttle without its window key',
      { steps: [{ name: 't', type: 'throttle', controlValues: { type: 'dynamic', threshold: 2 } }] },
      'steps[0].controlValues.dynamicKey',
    ],
    ['a workflowId with a slash', { workflowId: 'a/b' }, 'workflowId'],
  ])('refuses %s with 422', async (_case, overrides, field) => {
    const response = await create(overrides);
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toContain(field);
  });

  it('refuses a workflowId that is taken, and frees it on delete', async () => {
    const workflowId = nextId();
    expect((await create({ workflowId })).status).toBe(201);
    const duplicate = await create({ workflowId });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors.workflowId.value).toBe(workflowId);
    expect((await api('DELETE', `/v2/workflows/${workflowId}`)).status).toBe(204);
    expect((await api('GET', `/v2/workflows/${workflowId}`)).status).toBe(404);
    expect((await api('DELETE', `/v2/workflows/${workflowId}`)).status).toBe(404);
    expect((await create({ workflowId })).status).toBe(201);
    const [{ count }] = await gateway.dataSource.query(
      'SELECT count(*)::int AS count FROM gateway.workflows WHERE identifier = $1',
      [workflowId],
    );
    expect(count).toBe(2);
  });

  it('finds a workflow by identifier, slug or _id', async () => {
    const created = (await create()).body.data;
    for (const ref of [created.workflowId, created.slug, created._id]) {
      const response = await api('GET', `/v2/workflows/${encodeURIComponent(ref)}`);
      expect(response.status).toBe(200);
      expect(response.body.data._id).toBe(created._id);
    }
    expect((await api('GET', '/v2/workflows/does-not-exist')).body).toMatchObject({
      statusCode: 404,
      path: '/v2/workflows/does-not-exist',
    });
  });

  it('makes a new version per change, keeps step ids, and skips no-op writes', async () => {
    const created = (await create()).body.data;
    const put = await api('PUT', `/v2/workflows/${created.workflowId}`, {
      name: 'Renamed',
      steps: steps.slice(3),
      active: true,
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'Renamed', version: 2 });
    expect(put.body.data.slug).toMatch(/^renamed_wf_/);
    expect(put.body.data.steps[0]._id).toBe(created.steps[3]._id);
    const patched = await api('PATCH', `/v2/workflows/${created.workflowId}`, { active: false });
    expect(patched.body.data).toMatchObject({ version: 3, active: false, status: 'INACTIVE', name: 'Renamed' });
    expect(patched.body.data.steps).toHaveLength(4);
    const again = await api('PATCH', `/v2/workflows/${created.workflowId}`, { active: false });
    expect(again.body.data.version).toBe(3);
    const versions = await gateway.dataSource.query(
      'SELECT version FROM gateway.workflow_versions WHERE workflow_id = $1 ORDER BY version',
      [created._id],
    );
    expect(versions.map((row: { version: number }) => row.version)).toEqual([1, 2, 3]);
  });

  it('refuses to change the workflowId on PUT and answers 404 for an unknown one', async () => {
    const created = (await create()).body.data;
    const renamed = await api('PUT', `/v2/workflows/${created.workflowId}`, {
      name: 'x',
      workflowId: 'other',
      steps: [],
    });
    expect(renamed.status).toBe(422);
    expect(renamed.body.errors).toHaveProperty('workflowId');
    expect((await api('PUT', '/v2/workflows/nope', { name: 'x', steps: [] })).status).toBe(404);
    expect((await api('PATCH', '/v2/workflows/nope', { active: true })).status).toBe(404);
    expect((await api('PATCH', `/v2/workflows/${created.workflowId}`, { active: 'yes' })).status).toBe(422);
  });

  it('lists in Novu’s shape with limit, offset, search and totals', async () => {
    const other = await gateway.createEnvironment('List');
    const listApi = httpClient(gateway.baseUrl, `ApiKey ${other.apiKey}`);
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      await listApi('POST', '/v2/workflows', {
        name,
        workflowId: name.toLowerCase(),
        steps: steps.slice(0, 1),
        tags: [name === 'Beta' ? 'b' : 'x'],
      });
    }
    await listApi('POST', '/v2/workflows', { name: 'Off', workflowId: 'off', steps: [], active: false });
    const page = await listApi('GET', '/v2/workflows?limit=2&offset=1&orderBy=name&orderDirection=ASC');
    expect(page.status).toBe(200);
    expect(page.body.data.totalCount).toBe(4);
    expect(page.body.data.workflows.map((workflow: { name: string }) => workflow.name)).toEqual(['Beta', 'Gamma']);
    expect(page.body.data.workflows[0]).toMatchObject({
      workflowId: 'beta',
      status: 'ACTIVE',
      origin: 'novu-cloud',
      stepTypeOverviews: ['in_app'],
    });
    expect(page.body.data.workflows[0].steps[0]).toMatchObject({ type: 'in_app', slug: expect.stringMatching(/_st_/) });
    expect(
      (await listApi('GET', '/v2/workflows?query=amm')).body.data.workflows.map(
        (workflow: { name: string }) => workflow.name,
      ),
    ).toEqual(['Gamma']);
    expect((await listApi('GET', '/v2/workflows?tags=b')).body.data.totalCount).toBe(1);
    expect(
      (await listApi('GET', '/v2/workflows?status=INACTIVE')).body.data.workflows.map(
        (workflow: { name: string }) => workflow.name,
      ),
    ).toEqual(['Off']);
    expect((await listApi('GET', '/v2/workflows?offset=50')).body.data).toEqual({ workflows: [], totalCount: 4 });
    expect((await listApi('GET', '/v2/workflows?limit=0')).status).toBe(422);
  });

  it('keeps environments apart', async () => {
    const created = (await create()).body.data;
    const other = await gateway.createEnvironment('Isolated');
    const otherApi = httpClient(gateway.baseUrl, `ApiKey ${other.apiKey}`);
    expect((await otherApi('GET', `/v2/workflows/${created.workflowId}`)).status).toBe(404);
    expect((await otherApi('GET', `/v2/workflows/${created._id}`)).status).toBe(404);
    expect((await otherApi('PATCH', `/v2/workflows/${created.workflowId}`, { active: false })).status).toBe(404);
    expect((await otherApi('DELETE', `/v2/workflows/${created.workflowId}`)).status).toBe(404);
    expect((await otherApi('GET', '/v2/workflows')).body.data.totalCount).toBe(0);
    expect(
      (await otherApi('POST', '/v2/workflows', { name: 'Same id', workflowId: created.workflowId, steps: [] })).status,
    ).toBe(201);
    expect((await api('GET', `/v2/workflows/${created.workflowId}`)).body.data.name).toBe('Comment created');
  });

  it('requires an API key', async () => {
    expect(
      (await httpClient(gateway.baseUrl, 'ApiKey hk_test_nobodynobodynobody')('GET', '/v2/workflows')).status,
    ).toBe(401);
  });

  describe('findForTrigger', () => {
    it('returns the current version as a contract snapshot, and sees writes at once', async () => {
      const repository = gateway.app.get(WorkflowRepository);
      const { environmentId } = gateway.environment;
      const workflowId = nextId();
      expect(await repository.findForTrigger(environmentId, workflowId)).toBeUndefined();
      await create({ workflowId, payloadSchema: { type: 'object', required: ['postId'] } });
      const found = await repository.findForTrigger(environmentId, workflowId);
      expect(found).toBeDefined();
      expect(workflowSnapshotSchema.parse(found?.snapshot)).toEqual(found?.snapshot);
      expect(found).toMatchObject({
        validatePayload: true,
        payloadSchema: { required: ['postId'] },
        snapshot: { identifier: workflowId, version: 1, active: true },
      });
      expect(found?.snapshot.steps.find((step) => step.stepId === 'sms')?.active).toBe(false);
      await api('PATCH', `/v2/workflows/${workflowId}`, { active: false });
      expect((await repository.findForTrigger(environmentId, workflowId))?.snapshot).toMatchObject({
        version: 2,
        active: false,
      });
      await api('DELETE', `/v2/workflows/${workflowId}`);
      expect(await repository.findForTrigger(environmentId, workflowId)).toBeUndefined();
      const other = await gateway.createEnvironment('Trigger');
      await create({ workflowId: 'shared-id' });
      expect(await repository.findForTrigger(other.environmentId, 'shared-id')).toBeUndefined();
    });
  });
});
