import type { JsonRecord } from '@herald/contracts';

import type { TestEnvironment } from '../support/gateway-test-app';
import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

/** Issue 14's pattern: 31–35 characters froze the gateway for seconds to minutes, 40 for hours. */
const EVIL = '^(a+)+$';
const EVIL_INPUT = `${'a'.repeat(40)}!`;
const evilSchema = (where: 'pattern' | 'patternProperties'): JsonRecord =>
  where === 'pattern'
    ? { type: 'object', properties: { name: { type: 'string', pattern: EVIL } } }
    : { type: 'object', patternProperties: { [EVIL]: { type: 'string' } } };

/** Payload schemas that could freeze the gateway: refused at save, and at trigger when saved before (decision 0029). */
describe('payload schemas with catastrophic patterns', () => {
  let kit: TriggerTestKit;
  let other: TestEnvironment;
  let counter = 0;
  const nextId = () => `schema-bounds-${++counter}`;

  beforeAll(async () => {
    kit = await startTriggerTestKit();
    other = await kit.gateway.createEnvironment('Other');
  });
  beforeEach(() => kit.triggers.drain());
  afterAll(() => kit.close());

  it.each([
    ['pattern', 'payloadSchema.properties.name.pattern'],
    ['patternProperties', 'payloadSchema.patternProperties["^(a+)+$"]'],
  ] as const)('refuses a catastrophic %s at POST with 422 naming the field and why', async (where, field) => {
    const workflowId = nextId();
    const response = await kit.send('/v2/workflows', {
      name: workflowId,
      workflowId,
      active: true,
      validatePayload: true,
      payloadSchema: evilSchema(where),
      steps: [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hi' } }],
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual([field]);
    expect(response.body.errors[field].messages[0]).toMatch(/can backtrack catastrophically: exponential time/);
    expect((await kit.send(`/v2/workflows/${workflowId}`, undefined, { method: 'GET' })).status).toBe(404);
  });

  it('refuses it at PUT and PATCH and keeps the saved version', async () => {
    const workflowId = nextId();
    const safe = { type: 'object', properties: { name: { type: 'string', pattern: '^[a-z]+$' } } };
    await kit.createWorkflow(workflowId, { validatePayload: true, payloadSchema: safe });
    const steps = [{ name: 'Inbox', type: 'in_app', controlValues: { body: 'Hi' } }];
    const put = await kit.send(
      `/v2/workflows/${workflowId}`,
      { name: workflowId, steps, validatePayload: true, payloadSchema: evilSchema('pattern') },
      { method: 'PUT' },
    );
    const patch = await kit.send(
      `/v2/workflows/${workflowId}`,
      { validatePayload: true, payloadSchema: evilSchema('patternProperties') },
      { method: 'PATCH' },
    );
    expect([put.status, patch.status]).toEqual([422, 422]);
    expect(Object.keys(put.body.errors)).toEqual(['payloadSchema.properties.name.pattern']);
    expect(Object.keys(patch.body.errors)).toEqual(['payloadSchema.patternProperties["^(a+)+$"]']);
    const saved = await kit.send(`/v2/workflows/${workflowId}`, undefined, { method: 'GET' });
    expect(saved.body.data).toMatchObject({ payloadSchema: safe });
  });

  it('refuses a schema too large, too deep or with a remote $ref at save', async () => {
    let deep: JsonRecord = { type: 'string' };
    for (let level = 0; level < 40; level += 1) deep = { type: 'array', items: deep };
    const cases: [JsonRecord, string, RegExp][] = [
      [{ type: 'object', properties: { a: deep } }, 'payloadSchema.properties.a', /more than 32 levels deep/],
      [
        { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } },
        'payloadSchema.properties.a.$ref',
        /local reference/,
      ],
      [{ type: 'object', properties: { a: { type: 'thing' } } }, 'payloadSchema', /is not a valid JSON Schema/],
    ];
    for (const [payloadSchema, field, why] of cases) {
      const workflowId = nextId();
      const response = await kit.send('/v2/workflows', {
        name: workflowId,
        workflowId,
        active: true,
        payloadSchema,
        steps: [],
      });
      expect(response.status).toBe(422);
      expect(Object.keys(response.body.errors)[0].startsWith(field)).toBe(true);
      expect(Object.values<{ messages: string[] }>(response.body.errors)[0].messages[0]).toMatch(why);
    }
  });

  it('refuses at trigger a schema saved before the check, unrun, while another environment is served', async () => {
    const workflowId = nextId();
    await kit.storeWorkflowUnchecked(workflowId, { validatePayload: true, payloadSchema: evilSchema('pattern') });
    await kit.createWorkflow('welcome', {}, other);

    // Sent first, the evil trigger would block the event loop for hours if its pattern ran.
    const evil = kit.send('/v1/events/trigger', { name: workflowId, to: 'ada', payload: { name: EVIL_INPUT } });
    const innocent = kit.send('/v1/events/trigger', { name: 'welcome', to: 'grace' }, { environment: other });
    const [refused, served] = await Promise.all([evil, innocent]);

    expect(served.status).toBe(201);
    expect(served.body.data.status).toBe('processed');
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(
      /^The workflow's payloadSchema cannot be used: pattern "\^\(a\+\)\+\$" can backtrack/,
    );
    expect(Object.keys(refused.body.errors)).toEqual(['workflow.payloadSchema.properties.name.pattern']);
    const queued = await kit.triggers.drain();
    expect(queued.map((message) => message.environmentId)).toEqual([other.environmentId]);

    // The refusal is remembered per workflow version: the second trigger is refused the same way.
    const again = await kit.send('/v1/events/trigger', { name: workflowId, to: 'ada', payload: { name: 'aaa' } });
    expect(again.status).toBe(422);
  });
});
