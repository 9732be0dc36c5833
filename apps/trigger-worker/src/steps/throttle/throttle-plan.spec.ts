import { type ThrottleControlValues, throttleControlValuesSchema } from '@herald/contracts';

import { stepPlanInputs } from '../../../test/support/trigger.fixtures';
import { computeThrottlePlan, describeSpan, planThrottleStep, throttleKeyOf } from './throttle-plan';

const now = new Date('2026-05-10T10:00:00Z');
const plan = (controls: ThrottleControlValues, payload: Record<string, unknown> = {}) =>
  computeThrottlePlan(controls, payload, now);

describe('computeThrottlePlan', () => {
  it('fixed window: an execution passing now counts for amount × unit, threshold defaults to 1', () => {
    expect(plan({ amount: 1, unit: 'hours' })).toEqual({
      ok: true,
      key: '',
      threshold: 1,
      countsUntil: new Date('2026-05-10T11:00:00Z'),
      window: 'in the last 1 hour',
    });
    expect(plan({ type: 'fixed', amount: 30, unit: 'minutes', threshold: 3 })).toMatchObject({
      threshold: 3,
      countsUntil: new Date('2026-05-10T10:30:00Z'),
      window: 'in the last 30 minutes',
    });
    expect(plan({ amount: 1, unit: 'months' })).toMatchObject({ countsUntil: new Date('2026-06-10T10:00:00Z') });
  });

  it('dynamic window: a duration object at dynamicKey is a sliding window like the fixed one', () => {
    expect(
      plan({ type: 'dynamic', dynamicKey: 'customWindow' }, { customWindow: { amount: 2, unit: 'days' } }),
    ).toMatchObject({ ok: true, countsUntil: new Date('2026-05-12T10:00:00Z'), window: 'in the last 2 days' });
  });

  it('dynamic window: an ISO-8601 timestamp makes executions count until that instant (Novu writes the key with a payload. prefix)', () => {
    expect(
      plan({ type: 'dynamic', dynamicKey: 'payload.throttleUntil' }, { throttleUntil: '2026-05-31T23:59:59Z' }),
    ).toMatchObject({
      ok: true,
      countsUntil: new Date('2026-05-31T23:59:59Z'),
      window: 'until 2026-05-31T23:59:59.000Z',
    });
    // A past instant is a window that already ended: the plan is valid, the gate lets it pass uncounted.
    expect(plan({ type: 'dynamic', dynamicKey: 'until' }, { until: '2026-05-01T00:00:00Z' })).toMatchObject({
      ok: true,
      countsUntil: new Date('2026-05-01T00:00:00Z'),
    });
  });

  it('cancels with a reason when the dynamic window is missing or unusable', () => {
    expect(plan({ type: 'dynamic', dynamicKey: 'w' }, {})).toEqual({
      ok: false,
      reason: 'Throttle canceled: the dynamic window key w is missing from the payload',
    });
    for (const w of [
      'soon',
      '2026-13-45T00:00:00Z',
      42,
      { amount: 0, unit: 'hours' },
      { amount: 1, unit: 'fortnights' },
      [1, 'hours'],
    ]) {
      expect(plan({ type: 'dynamic', dynamicKey: 'w' }, { w })).toEqual({
        ok: false,
        reason: 'Throttle canceled: w is neither an ISO-8601 timestamp nor a duration {amount, unit}',
      });
    }
    expect(plan({ type: 'fixed' })).toEqual({
      ok: false,
      reason: 'Throttle canceled: a fixed throttle needs amount and unit',
    });
  });

  it('resolves the throttle key from the payload for separate counters', () => {
    expect(plan({ amount: 1, unit: 'hours', throttleKey: 'payload.projectId' }, { projectId: 'p-1' })).toMatchObject({
      key: 'p-1',
    });
    expect(plan({ amount: 1, unit: 'hours', throttleKey: 'project.id' }, { project: { id: 7 } })).toMatchObject({
      key: '7',
    });
  });
});

describe('planThrottleStep', () => {
  const inputs = (controlValues: Record<string, unknown>) => stepPlanInputs('throttle', controlValues, now);

  it('plans a throttle step, and cancels one whose controls are invalid or whose window cannot be computed', () => {
    expect(planThrottleStep(inputs({ amount: 1, unit: 'hours', threshold: 3, throttleKey: 'key' }))).toEqual({
      ok: true,
      key: 'k1',
      threshold: 3,
      countsUntil: new Date('2026-05-10T11:00:00Z'),
      window: 'in the last 1 hour',
    });
    expect(planThrottleStep(inputs({}))).toEqual({
      ok: false,
      reason: 'Throttle canceled: amount is required for a fixed throttle',
    });
    expect(planThrottleStep(inputs({ type: 'dynamic', dynamicKey: 'until' }))).toEqual({
      ok: false,
      reason: 'Throttle canceled: the dynamic window key until is missing from the payload',
    });
  });
});

describe('throttleKeyOf', () => {
  it('is empty without a key or a value, JSON for non-strings, hashed when long', () => {
    expect(throttleKeyOf({ a: 'x' }, undefined)).toBe('');
    expect(throttleKeyOf({}, 'a')).toBe('');
    expect(throttleKeyOf({ a: null }, 'a')).toBe('');
    expect(throttleKeyOf({ a: { b: [1] } }, 'a')).toBe('{"b":[1]}');
    const long = throttleKeyOf({ a: 'x'.repeat(500) }, 'a');
    expect(long).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(throttleKeyOf({ a: 'x'.repeat(500) }, 'a')).toBe(long);
    expect(throttleKeyOf({ a: 'y'.repeat(500) }, 'a')).not.toBe(long);
  });
});

describe('throttleControlValuesSchema', () => {
  const issues = (controls: unknown) => {
    const result = throttleControlValuesSchema.safeParse(controls);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  };

  it('requires the window of its type and bounds the threshold', () => {
    expect(issues({ amount: 1, unit: 'hours' })).toEqual([]);
    expect(
      issues({
        type: 'dynamic',
        dynamicKey: 'payload.until',
        threshold: 5,
        throttleKey: 'payload.projectId',
        skip: {},
      }),
    ).toEqual([]);
    expect(issues({})).toEqual(['amount is required for a fixed throttle', 'unit is required for a fixed throttle']);
    expect(issues({ type: 'dynamic' })).toEqual(['dynamicKey is required for a dynamic throttle']);
    expect(issues({ type: 'dynamic', dynamicKey: '' })).toEqual(['dynamicKey is required for a dynamic throttle']);
    expect(issues({ amount: 1, unit: 'hours', dynamicKey: '', throttleKey: '' })).toEqual([]);
    expect(issues({ amount: 1, unit: 'hours', threshold: 0 })).toEqual(['threshold must be at least 1']);
    expect(issues({ amount: 1, unit: 'hours', threshold: 1001 })).toEqual(['threshold must be at most 1000']);
    expect(issues({ amount: 1.5, unit: 'hours' })).toEqual(['amount must be an integer']);
  });
});

describe('describeSpan', () => {
  it('says one unit in the singular', () => {
    expect(describeSpan(1, 'hours')).toBe('1 hour');
    expect(describeSpan(2, 'seconds')).toBe('2 seconds');
  });
});
