import { startTriggerTestKit, TriggerTestKit } from './support/trigger-test-kit';

/** Issue 14's skip rule: every element of `payload.rounds` doubles an array (2^n elements). */
const DOUBLING_RULE = {
  reduce: [{ var: 'payload.rounds' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]],
};
const inApp = (controlValues: Record<string, unknown> = {}) => ({
  name: 'Inbox',
  type: 'in_app',
  controlValues: { body: 'Hi', ...controlValues },
});

/** Limits on what a tenant writes, at save and at trigger: 422 naming the field, nothing queued (decision 0029). */
describe('bounded tenant input at the gateway', () => {
  let kit: TriggerTestKit;
  let counter = 0;
  const nextId = () => `bounded-${++counter}`;
  const save = (steps: unknown[]) =>
    kit.send('/v2/workflows', { name: 'Bounded', workflowId: nextId(), active: true, steps });

  beforeAll(async () => {
    kit = await startTriggerTestKit();
  });
  afterAll(() => kit.close());

  it.each([
    [
      'the doubling skip rule',
      [inApp({ skip: DOUBLING_RULE })],
      'steps[0].controlValues.skip',
      /uses "reduce", which a skip rule may not/,
    ],
    [
      'a skip rule with map',
      [inApp({ skip: { '!!': { map: [{ var: 'payload.a' }, 1] } } })],
      'steps[0].controlValues.skip',
      /uses "map"/,
    ],
    [
      'a skip rule of 202 nodes',
      [inApp({ skip: { or: Array.from({ length: 40 }, () => ({ '==': [{ var: 'payload.a' }, 1] })) } })],
      'steps[0].controlValues.skip',
      /more than 200 nodes/,
    ],
    [
      'a delay of Number.MAX_SAFE_INTEGER seconds',
      [{ name: 'Wait', type: 'delay', controlValues: { amount: 9007199254740991, unit: 'seconds' } }, inApp()],
      'steps[0].controlValues.amount',
      /at most 31536000/,
    ],
    [
      'a delay of 1e300 days',
      [{ name: 'Wait', type: 'delay', controlValues: { amount: 1e300, unit: 'days' } }, inApp()],
      'steps[0].controlValues.amount',
      /at most/,
    ],
    [
      'a digest of 13 months',
      [{ name: 'Digest', type: 'digest', controlValues: { amount: 13, unit: 'months' } }, inApp()],
      'steps[0].controlValues.amount',
      /at most 12 months/,
    ],
    [
      'a look-back of 400 days',
      [
        {
          name: 'Digest',
          type: 'digest',
          controlValues: { amount: 1, unit: 'days', lookBackWindow: { amount: 400, unit: 'days' } },
        },
        inApp(),
      ],
      'steps[0].controlValues.lookBackWindow.amount',
      /at most 365 days/,
    ],
    [
      'a throttle of 9000 hours',
      [{ name: 'Throttle', type: 'throttle', controlValues: { amount: 9000, unit: 'hours' } }, inApp()],
      'steps[0].controlValues.amount',
      /at most 8760 hours/,
    ],
    [
      'a template over 524288 characters',
      [inApp({ body: 'x'.repeat(524_289) })],
      'steps[0].controlValues.body',
      /must be at most 524288 characters/,
    ],
    [
      'templates over 1048576 characters together',
      [inApp({ body: 'x'.repeat(400_000), data: { a: 'y'.repeat(400_000), b: 'z'.repeat(400_000) } })],
      'steps[0].controlValues.data.b',
      /longer than 1048576 characters together/,
    ],
  ])('refuses %s at save with 422 naming the field', async (_case, steps, field, message) => {
    const response = await save(steps);
    expect(response.status).toBe(422);
    expect(response.body.errors[field]).toMatchObject({ messages: [expect.stringMatching(message)] });
  });

  it('accepts a Novu-shaped condition and a delay of a year', async () => {
    const skip = {
      and: [
        { '==': [{ var: 'payload.muted' }, true] },
        { '<=': [1, { var: 'payload.n' }, 10] },
        { '!': { in: ['x', { var: 'payload.tags' }] } },
      ],
    };
    expect(
      (await save([{ name: 'Wait', type: 'delay', controlValues: { amount: 12, unit: 'months' } }, inApp({ skip })]))
        .status,
    ).toBe(201);
  });

  it('refuses huge overrides.delay amounts at trigger with 422 naming the field, and queues nothing', async () => {
    const workflowId = nextId();
    await kit.createWorkflow(workflowId, {
      steps: [{ name: 'Wait', type: 'delay', controlValues: { amount: 1, unit: 'minutes' } }, inApp()],
    });
    const before = await kit.triggers.count();
    for (const amount of [1e300, 9007199254740991]) {
      const response = await kit.send('/v1/events/trigger', {
        name: workflowId,
        to: 'ada',
        overrides: { delay: { amount, unit: 'seconds' } },
      });
      expect(response.status).toBe(422);
      expect(response.body.errors['overrides.delay.amount']).toMatchObject({
        messages: [expect.stringContaining('at most 31536000')],
      });
    }
    const tooLong = await kit.send('/v1/events/trigger', {
      name: workflowId,
      to: 'ada',
      overrides: { delay: { amount: 53, unit: 'weeks' } },
    });
    expect(tooLong.body.errors).toEqual({
      'overrides.delay.amount': expect.objectContaining({ messages: ['must be at most 52 weeks (1 year)'] }),
    });
    expect(await kit.triggers.count()).toBe(before);
    const fine = await kit.send('/v1/events/trigger', {
      name: workflowId,
      to: 'ada',
      overrides: { delay: { amount: 2, unit: 'hours' } },
    });
    expect(fine.status).toBe(201);
    expect(await kit.triggers.count()).toBe(before + 1);
  });

  it('refuses at trigger a workflow saved before the limits, naming the step field', async () => {
    const workflowId = nextId();
    await kit.storeWorkflowUnchecked(workflowId, {
      steps: [
        {
          _id: 'step-1',
          stepId: 'wait',
          name: 'Wait',
          type: 'delay',
          active: true,
          controlValues: { amount: 9007199254740991, unit: 'seconds' },
        },
        { _id: 'step-2', stepId: 'inbox', name: 'Inbox', type: 'in_app', active: true, controlValues: { body: 'Hi' } },
      ],
    });
    const before = await kit.triggers.count();
    const response = await kit.send('/v1/events/trigger', { name: workflowId, to: 'ada' });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors)).toEqual(['workflow.steps[0].controlValues.amount']);
    expect(await kit.triggers.count()).toBe(before);
  });
});
