import { FieldErrors, toFieldErrors } from '../../core/errors/field-errors';
import { createWorkflowBodySchema, listWorkflowsQuerySchema } from './workflow-request.schema';

function errorsOf(input: unknown): FieldErrors {
  const result = createWorkflowBodySchema.safeParse(input);
  if (result.success) throw new Error('expected the body to be refused');
  return toFieldErrors(result.error, input);
}

const base = { name: 'W', workflowId: 'w' };

describe('workflow request validation', () => {
  it('names the invalid control of the invalid step', () => {
    const errors = errorsOf({
      ...base,
      steps: [
        { name: 'ok', type: 'sms' },
        { name: 'wait', type: 'delay', controlValues: { amount: 0, unit: 'minutes' } },
      ],
    });
    expect(errors).toEqual({ 'steps[1].controlValues.amount': { messages: ['must be at least 1'], value: 0 } });
  });

  it.each([
    [
      'a delay without a unit',
      { name: 'd', type: 'delay', controlValues: { amount: 1 } },
      'steps[0].controlValues.unit',
    ],
    [
      'a timed digest without cron',
      { name: 'd', type: 'digest', controlValues: { type: 'timed' } },
      'steps[0].controlValues.cron',
    ],
    [
      'a fixed throttle without amount',
      { name: 't', type: 'throttle', controlValues: { unit: 'hours' } },
      'steps[0].controlValues.amount',
    ],
    [
      'a throttle without any window',
      { name: 't', type: 'throttle' },
      'steps[0].controlValues.amount',
      'steps[0].controlValues.unit',
    ],
    [
      'a dynamic throttle without dynamicKey',
      { name: 't', type: 'throttle', controlValues: { type: 'dynamic', dynamicKey: '' } },
      'steps[0].controlValues.dynamicKey',
    ],
    [
      'a throttle threshold of 0',
      { name: 't', type: 'throttle', controlValues: { amount: 1, unit: 'hours', threshold: 0 } },
      'steps[0].controlValues.threshold',
    ],
    [
      'a throttle threshold above 1000',
      { name: 't', type: 'throttle', controlValues: { amount: 1, unit: 'hours', threshold: 1001 } },
      'steps[0].controlValues.threshold',
    ],
    ['an email without subject', { name: 'e', type: 'email' }, 'steps[0].controlValues.subject'],
    [
      'a skip rule that is an array',
      { name: 's', type: 'sms', controlValues: { skip: [1] } },
      'steps[0].controlValues.skip',
    ],
    [
      'a skip rule with two operators',
      { name: 's', type: 'push', controlValues: { skip: { and: [], or: [] } } },
      'steps[0].controlValues.skip',
    ],
    ['an unknown step type', { name: 's', type: 'fax' }, 'steps[0].type'],
    ['a step without name', { type: 'sms' }, 'steps[0].name'],
    ['a non-boolean active', { name: 's', type: 'sms', active: 'yes' }, 'steps[0].active'],
  ])('refuses %s', (_case, step, ...fields) => {
    expect(Object.keys(errorsOf({ ...base, steps: [step] }))).toEqual(fields);
  });

  it('accepts Novu-shaped throttle controls: fixed, dynamic, threshold and throttleKey', () => {
    const throttles = [
      { type: 'fixed', amount: 1, unit: 'hours', threshold: 3, throttleKey: 'payload.projectId', dynamicKey: '' },
      { type: 'dynamic', dynamicKey: 'payload.throttleUntil' },
      { amount: 30, unit: 'minutes' },
    ];
    const parsed = createWorkflowBodySchema.parse({
      ...base,
      steps: throttles.map((controlValues, i) => ({ name: `t${i}`, type: 'throttle', controlValues })),
    });
    expect(parsed.steps?.map((step) => step.controlValues)).toEqual(throttles);
  });

  it('refuses unknown preference channels and a non-object payload schema', () => {
    const errors = errorsOf({
      ...base,
      steps: [],
      preferences: { workflow: { channels: { fax: { enabled: true } } } },
      payloadSchema: 'x',
    });
    expect(Object.keys(errors).sort()).toEqual(['payloadSchema', 'preferences.workflow.channels']);
  });

  it('accepts what the Novu SDK sends, ignoring its extra keys', () => {
    const parsed = createWorkflowBodySchema.parse({
      ...base,
      __source: 'editor',
      isTranslationEnabled: false,
      active: false,
      steps: [
        { name: 'In app', type: 'in_app', controlValues: { body: 'x', disableOutputSanitization: false, custom: 1 } },
      ],
    });
    expect(parsed.steps[0]).toMatchObject({ active: true, controlValues: { body: 'x', custom: 1 } });
    expect(parsed).not.toHaveProperty('__source');
  });

  it('parses list queries with Novu defaults', () => {
    expect(listWorkflowsQuerySchema.parse({})).toMatchObject({
      limit: 10,
      offset: 0,
      orderBy: 'createdAt',
      orderDirection: 'DESC',
    });
    expect(
      listWorkflowsQuerySchema.parse({ limit: '5', orderDirection: 'asc', tags: 'a', status: 'ACTIVE' }),
    ).toMatchObject({
      limit: 5,
      orderDirection: 'ASC',
      tags: ['a'],
      status: ['ACTIVE'],
    });
    expect(listWorkflowsQuerySchema.safeParse({ limit: '1000' }).success).toBe(false);
  });
});
