import type { z } from 'zod';

import { formatZodIssues } from '../registry/zod-issues.formatter';
import {
  channelControlValuesSchema,
  delayControlValuesSchema,
  digestControlValuesSchema,
  templateSizeProblem,
  throttleControlValuesSchema,
} from './step-controls.schema';

function issues(schema: z.ZodTypeAny, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : formatZodIssues(result.error, 'controlValues');
}

describe('delay control values', () => {
  it.each([
    ['regular by default', { amount: 5, unit: 'minutes' }],
    ['regular', { type: 'regular', amount: 2, unit: 'months' }],
    ['scheduled', { type: 'scheduled', delayPath: 'sendAt' }],
    ['timed', { type: 'timed', cron: '0 9 * * 1' }],
    ['with a skip rule and extra keys', { amount: 1, unit: 'seconds', skip: { '==': [1, 1] }, note: 'kept' }],
  ])('accepts %s', (_label, controls) => {
    expect(issues(delayControlValuesSchema, controls)).toEqual([]);
  });

  it('keeps unknown keys', () => {
    expect(delayControlValuesSchema.parse({ amount: 1, unit: 'days', note: 'x' })).toHaveProperty('note', 'x');
  });

  it.each([
    ['a regular delay without amount', { unit: 'hours' }, ['controlValues.amount: is required for a regular delay']],
    [
      'a scheduled delay without path',
      { type: 'scheduled' },
      ['controlValues.delayPath: is required for a scheduled delay'],
    ],
    ['a timed delay without cron', { type: 'timed' }, ['controlValues.cron: is required for a timed delay']],
    ['a zero amount', { amount: 0, unit: 'hours' }, ['controlValues.amount: must be at least 1']],
    ['a fractional amount', { amount: 1.5, unit: 'hours' }, ['controlValues.amount: must be an integer']],
  ])('rejects %s', (_label, controls, expected) => {
    expect(issues(delayControlValuesSchema, controls)).toEqual(expected);
  });

  it('rejects an unknown unit naming the units', () => {
    expect(issues(delayControlValuesSchema, { amount: 1, unit: 'years' })).toEqual([
      expect.stringMatching(/^controlValues\.unit: .*'seconds' \| 'minutes'/),
    ]);
  });
});

describe('digest control values', () => {
  it.each([
    ['regular', { amount: 10, unit: 'minutes', digestKey: 'post.id' }],
    ['back-off', { amount: 10, unit: 'minutes', lookBackWindow: { amount: 5, unit: 'minutes' } }],
    ['timed by cron', { cron: '0 8 * * *' }],
    ['timed by type', { type: 'timed', cron: '0 8 * * *', digestKey: 'team' }],
  ])('accepts %s', (_label, controls) => {
    expect(issues(digestControlValuesSchema, controls)).toEqual([]);
  });

  it.each([
    [
      'a regular digest without window',
      { digestKey: 'x' },
      [
        'controlValues.amount: is required for a regular digest',
        'controlValues.unit: is required for a regular digest',
      ],
    ],
    ['a timed digest without cron', { type: 'timed' }, ['controlValues.cron: is required for a timed digest']],
    [
      'a timed back-off',
      { cron: '0 8 * * *', lookBackWindow: { amount: 1, unit: 'hours' } },
      ['controlValues.lookBackWindow: is only allowed on a regular digest'],
    ],
    [
      'a bad look-back window',
      { amount: 1, unit: 'hours', lookBackWindow: { amount: 1 } },
      ['controlValues.lookBackWindow.unit: Required'],
    ],
  ])('rejects %s', (_label, controls, expected) => {
    expect(issues(digestControlValuesSchema, controls)).toEqual(expected);
  });
});

describe('time span bounds (at most a year)', () => {
  const days = (amount: number) => ({ amount, unit: 'days' });
  it.each([
    ['a delay of a year in days', delayControlValuesSchema, days(365)],
    ['a delay of 12 months', delayControlValuesSchema, { amount: 12, unit: 'months' }],
    ['a delay of a year in seconds', delayControlValuesSchema, { amount: 31_536_000, unit: 'seconds' }],
    ['a 52-week look-back', digestControlValuesSchema, { ...days(1), lookBackWindow: { amount: 52, unit: 'weeks' } }],
    ['a throttle window of 8760 hours', throttleControlValuesSchema, { amount: 8760, unit: 'hours' }],
  ])('accepts %s', (_label, schema, controls) => {
    expect(issues(schema, controls)).toEqual([]);
  });

  const overAYear = 'controlValues.amount: must be at most 31536000 (1 year in seconds)';
  const atMost = (span: string) => `controlValues.amount: must be at most ${span} (1 year)`;
  it.each([
    ['MAX_SAFE_INTEGER seconds', delayControlValuesSchema, { amount: 9007199254740991, unit: 'seconds' }, [overAYear]],
    ['1e300 days', delayControlValuesSchema, days(1e300), [overAYear]],
    ['13 months', delayControlValuesSchema, { amount: 13, unit: 'months' }, [atMost('12 months')]],
    ['a digest of 53 weeks', digestControlValuesSchema, { amount: 53, unit: 'weeks' }, [atMost('52 weeks')]],
    [
      'a look-back of 366 days',
      digestControlValuesSchema,
      { ...days(1), lookBackWindow: days(366) },
      ['controlValues.lookBackWindow.amount: must be at most 365 days (1 year)'],
    ],
    [
      'a throttle of 525601 minutes',
      throttleControlValuesSchema,
      { amount: 525_601, unit: 'minutes' },
      ['controlValues.amount: must be at most 525600 minutes (1 year)'],
    ],
  ])('refuses %s, naming the field', (_label, schema, controls, expected) => {
    expect(issues(schema, controls)).toEqual(expected);
  });

  it('keeps any skip object in the controls a trigger carries (the worker checks rules before running them)', () => {
    expect(issues(delayControlValuesSchema, { ...days(1), skip: { map: [[1], 1] } })).toEqual([]);
  });
});

describe('channel step templates (bounded so a runner can render them within its per-job budget)', () => {
  it('accepts templates within the limits and refuses one too long, naming its path', () => {
    expect(templateSizeProblem({ subject: 'Hi', body: 'x'.repeat(524_288), data: { n: 1 } })).toBeUndefined();
    expect(templateSizeProblem({ primaryAction: { label: 'x'.repeat(524_289) } })).toEqual({
      path: ['primaryAction', 'label'],
      message: 'must be at most 524288 characters',
    });
  });

  it('refuses templates longer than 1048576 characters together, where the total passes it', () => {
    const controls = { a: 'x'.repeat(500_000), tags: ['y'.repeat(500_000), 'z'.repeat(50_000)] };
    expect(templateSizeProblem(controls)).toMatchObject({ path: ['tags', 1] });
    const parsed = channelControlValuesSchema.safeParse(controls);
    expect(parsed.success).toBe(false);
  });
});
