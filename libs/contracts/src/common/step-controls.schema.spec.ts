import { formatZodIssues } from '../registry/zod-issues.formatter';
import { delayControlValuesSchema, digestControlValuesSchema } from './step-controls.schema';
import type { z } from 'zod';

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
    ['a scheduled delay without path', { type: 'scheduled' }, ['controlValues.delayPath: is required for a scheduled delay']],
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
    ['a regular digest without window', { digestKey: 'x' }, ['controlValues.amount: is required for a regular digest', 'controlValues.unit: is required for a regular digest']],
    ['a timed digest without cron', { type: 'timed' }, ['controlValues.cron: is required for a timed digest']],
    ['a timed back-off', { cron: '0 8 * * *', lookBackWindow: { amount: 1, unit: 'hours' } }, ['controlValues.lookBackWindow: is only allowed on a regular digest']],
    ['a bad look-back window', { amount: 1, unit: 'hours', lookBackWindow: { amount: 1 } }, ['controlValues.lookBackWindow.unit: Required']],
  ])('rejects %s', (_label, controls, expected) => {
    expect(issues(digestControlValuesSchema, controls)).toEqual(expected);
  });
});
