import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

describe('POST /v1/events/trigger', () => {
  let kit: TriggerTestKit;
  const trigger = (body: unknown) => kit.send('/v1/events/trigger', body);
  const expectNothingQueued = async () => expect(await kit.triggers.count()).toBe(0);

  beforeAll(async () => {
    kit = await startTriggerTestKit();
    await Promise.all([
      kit.createWorkflow('welcome'),
      kit.createWorkflow('inactive', { active: false }),
      kit.createWorkflow('no-steps', { steps: [] }),
      kit.createWorkflow('no-active-steps', {
        steps: [{ name: 'Inbox', type: 'in_app', active: false, controlValues: { body: 'x' } }],
      }),
      kit.createWorkflow('typed-payload', {
        validatePayload: true,
        payloadSchema: {
          type: 'object',
          required: ['orderId'],
          properties: { orderId: { type: 'string' }, total: { type: 'number', minimum: 0 } },
        },
      }),
    ]);
    const tenant = await kit.send('/v1/tenants', { identifier: 'acme', name: 'Acme' });
    expect(tenant.status).toBe(201);
  });
  beforeEach(() => kit.triggers.drain());
  afterAll(() => kit.close());

  it('answers 201 processed once the broker confirmed trigger.requested.v1, carrying the mapped trigger', async () => {
    const response = await trigger({
      name: 'welcome',
      to: [
        'ada',
        { subscriberId: 'grace', email: 'grace@example.com' },
        { type: 'Topic', topicKey: 'team' },
        'ada',
        '',
      ],
      payload: { name: 'Ada', emoji: '🚀 ünïcödé' },
      overrides: { email: { from: 'x@example.com' } },
      actor: 'boss',
      tenant: { identifier: 'acme', name: 'Acme Corp' },
      context: { key: 'org-acme' },
    });
    expect(response.status).toBe(201);
    const { data } = response.body;
    expect(data).toEqual({
      acknowledged: true,
      status: 'processed',
      transactionId: expect.any(String),
      activityFeedLink: `/console/notifications?transactionId=${data.transactionId}`,
      jobData: {
        workflowId: 'welcome',
        workflowVersion: 1,
        kind: 'trigger',
        recipients: 3,
        droppedRecipients: 1,
        attachments: 0,
      },
    });
    const [message] = await kit.triggers.drain();
    expect(message).toMatchObject({
      type: 'trigger.requested.v1',
      environmentId: kit.gateway.environment.environmentId,
    });
    expect(message.data).toMatchObject({
      kind: 'trigger',
      organizationId: kit.gateway.environment.organizationId,
      transactionId: data.transactionId,
      workflow: { identifier: 'welcome', active: true, version: 1 },
      to: [
        { type: 'Subscriber', subscriberId: 'ada' },
        { type: 'Subscriber', subscriberId: 'grace', email: 'grace@example.com' },
        { type: 'Topic', topicKey: 'team' },
      ],
      payload: { name: 'Ada', emoji: '🚀 ünïcödé' },
      overrides: { email: { from: 'x@example.com' } },
      actor: { type: 'Subscriber', subscriberId: 'boss' },
      tenant: { identifier: 'acme', name: 'Acme Corp' },
      context: { key: 'org-acme' },
      attachments: [],
    });
    expect((await kit.send('/v1/tenants/acme', undefined, { method: 'GET' })).body.data.name).toBe('Acme Corp');
  });

  it.each([
    ['invalid_recipients', { name: 'welcome', to: ['', { subscriberId: '  ' }, { type: 'Topic', topicKey: '' }] }],
    ['trigger_not_active', { name: 'inactive', to: 'ada' }],
    ['no_workflow_steps_defined', { name: 'no-steps', to: 'ada' }],
    ['no_workflow_active_steps_defined', { name: 'no-active-steps', to: 'ada' }],
    ['no_tenant_found', { name: 'welcome', to: 'ada', tenant: 'unknown-tenant' }],
    ['no_tenant_found', { name: 'welcome', to: 'ada', tenant: { identifier: 'unknown-tenant', name: 'Nobody' } }],
  ])('answers 201 acknowledged %s and queues nothing', async (status, body) => {
    const response = await trigger(body);
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ acknowledged: true, status, transactionId: expect.any(String) });
    await expectNothingQueued();
  });

  it('is 422 workflow_not_found for an unknown workflow', async () => {
    const response = await trigger({ name: 'nope', to: 'ada' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      message: 'workflow_not_found',
      errors: { name: { value: 'nope' } },
    });
    await expectNothingQueued();
  });

  it('is 400 PAYLOAD_VALIDATION_ERROR for a payload failing the workflow schema', async () => {
    const response = await trigger({ name: 'typed-payload', to: 'ada', payload: { total: -1 } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, type: 'PAYLOAD_VALIDATION_ERROR' });
    expect(response.body.errors).toEqual([
      { field: 'payload.orderId', message: 'is required', schemaPath: '#/required' },
      { field: 'payload.total', message: 'must be >= 0', value: -1, schemaPath: '#/properties/total/minimum' },
    ]);
    expect((await trigger({ name: 'typed-payload', to: 'ada', payload: { orderId: 'o-1' } })).body.data.status).toBe(
      'processed',
    );
  });

  it('is 413 for a payload over 512 KB (attachments excluded)', async () => {
    const response = await trigger({ name: 'welcome', to: 'ada', payload: { blob: 'x'.repeat(512 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/payload must serialize to at most 524288 bytes/);
    await expectNothingQueued();
  });

  it('is 503 with a clear message when the broker does not take the trigger, and queues nothing', async () => {
    await kit.triggers.unbind();
    try {
      const response = await trigger({ name: 'welcome', to: 'ada' });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        statusCode: 503,
        message: expect.stringMatching(/^The trigger was not queued: the message broker did not confirm it/),
      });
    } finally {
      await kit.triggers.rebind();
    }
    await expectNothingQueued();
  });

  describe('bulk', () => {
    it('answers one result per event; a bad event gets status "error" without failing the others', async () => {
      const response = await kit.send('/v1/events/trigger/bulk', {
        events: [
          { name: 'welcome', to: 'a' },
          { name: 'nope', to: 'b' },
          { to: 'c' },
          'not an event',
          { name: 'inactive', to: 'd' },
          { name: 'welcome', to: 'e' },
        ],
      });
      expect(response.status).toBe(201);
      const results = response.body.data;
      expect(results.map((result: { status: string }) => result.status)).toEqual([
        'processed',
        'error',
        'error',
        'error',
        'trigger_not_active',
        'processed',
      ]);
      expect(results[1]).toEqual({
        acknowledged: false,
        status: 'error',
        error: ['workflow_not_found', 'name: workflow "nope" was not found in this environment'],
      });
      expect(results[2].error).toEqual(expect.arrayContaining(['name must be a string']));
      expect(results[3].error).toEqual(['event must be a JSON object']);
      const queued = await kit.triggers.drain();
      expect(queued.map((message) => message.data.to[0])).toEqual(
        expect.arrayContaining([
          { type: 'Subscriber', subscriberId: 'a' },
          { type: 'Subscriber', subscriberId: 'e' },
        ]),
      );
      expect(queued).toHaveLength(2);
    });

    it('is 422 for no events or more than 100', async () => {
      expect((await kit.send('/v1/events/trigger/bulk', { events: [] })).status).toBe(422);
      const tooMany = await kit.send('/v1/events/trigger/bulk', {
        events: Array.from({ length: 101 }, () => ({ name: 'welcome', to: 'a' })),
      });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.errors.events.messages).toEqual(['events must contain no more than 100 elements']);
      await expectNothingQueued();
    });
  });

  it('broadcasts with kind "broadcast" and no recipients', async () => {
    const response = await kit.send('/v1/events/trigger/broadcast', { name: 'welcome', payload: { news: 'hi' } });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ status: 'processed', jobData: { kind: 'broadcast', recipients: 0 } });
    const [message] = await kit.triggers.drain();
    expect(message.data).toMatchObject({ kind: 'broadcast', to: [], payload: { news: 'hi' } });
  });
});
