import { stepPlanInputs } from '../../../test/support/trigger.fixtures';
import { addTimeSpan, timeSpanMs } from '../time-units';
import { computeDelaySchedule, planDelayStep } from './delay-schedule';

const now = new Date('2026-01-31T10:00:00.000Z');
const base = { payload: {}, overrides: {}, timezone: null, now };

describe('addTimeSpan', () => {
  it.each([
    [1, 'seconds', '2026-01-31T10:00:01.000Z'],
    [90, 'minutes', '2026-01-31T11:30:00.000Z'],
    [25, 'hours', '2026-02-01T11:00:00.000Z'],
    [2, 'days', '2026-02-02T10:00:00.000Z'],
    [1, 'weeks', '2026-02-07T10:00:00.000Z'],
    [1, 'months', '2026-02-28T10:00:00.000Z'],
    [13, 'months', '2027-02-28T10:00:00.000Z'],
  ] as const)('adds %s %s', (amount, unit, expected) => {
    expect(addTimeSpan(now, amount, unit).toISOString()).toBe(expected);
  });

  it('throws a RangeError naming the span instead of returning an invalid date', () => {
    const message = '1e+300 days from 2026-01-31T10:00:00.000Z is not a representable date';
    expect(() => addTimeSpan(now, 1e300, 'days')).toThrow(new RangeError(message));
    expect(() => addTimeSpan(now, Number.MAX_SAFE_INTEGER, 'months')).toThrow(RangeError);
  });

  it('counts months back from now for look-back windows', () => {
    expect(timeSpanMs(1, 'months', new Date('2026-03-31T00:00:00Z'))).toBe(31 * 86_400_000);
    expect(timeSpanMs(2, 'hours')).toBe(7_200_000);
  });
});

describe('computeDelaySchedule', () => {
  it('waits a regular amount + unit, or the trigger override', () => {
    expect(computeDelaySchedule({ ...base, controls: { amount: 5, unit: 'minutes' } })).toMatchObject({
      ok: true,
      runAt: new Date('2026-01-31T10:05:00.000Z'),
    });
    expect(
      computeDelaySchedule({
        ...base,
        controls: { amount: 5, unit: 'minutes' },
        overrides: { delay: { amount: 2, unit: 'hours' } },
      }),
    ).toMatchObject({ ok: true, runAt: new Date('2026-01-31T12:00:00.000Z') });
  });

  it('waits until the date at delayPath, which must be in the future', () => {
    const payload = { send: { at: '2026-02-01T08:00:00Z' }, past: '2025-01-01T00:00:00Z', junk: 'soon' };
    expect(
      computeDelaySchedule({ ...base, payload, controls: { type: 'scheduled', delayPath: 'send.at' } }),
    ).toMatchObject({ ok: true, runAt: new Date('2026-02-01T08:00:00Z') });
    expect(computeDelaySchedule({ ...base, payload, controls: { type: 'scheduled', delayPath: 'past' } })).toEqual({
      ok: false,
      reason: expect.stringContaining('not in the future'),
    });
    expect(computeDelaySchedule({ ...base, payload, controls: { type: 'scheduled', delayPath: 'junk' } })).toEqual({
      ok: false,
      reason: expect.stringContaining('not a date'),
    });
    expect(computeDelaySchedule({ ...base, payload, controls: { type: 'scheduled', delayPath: 'missing' } }).ok).toBe(
      false,
    );
    const aYearAndADay = { ...base, payload: { at: '2027-02-01T00:00:00Z' } };
    expect(computeDelaySchedule({ ...aYearAndADay, controls: { type: 'scheduled', delayPath: 'at' } })).toEqual({
      ok: false,
      reason: 'Delay canceled: payload.at (2027-02-01T00:00:00.000Z) is more than 1 year ahead',
    });
  });

  it('waits for the next cron tick in the subscriber timezone (UTC without one)', () => {
    expect(computeDelaySchedule({ ...base, controls: { type: 'timed', cron: '0 9 * * *' } })).toMatchObject({
      ok: true,
      runAt: new Date('2026-02-01T09:00:00.000Z'),
    });
    expect(
      computeDelaySchedule({ ...base, timezone: 'America/New_York', controls: { type: 'timed', cron: '0 9 * * *' } }),
    ).toMatchObject({ ok: true, runAt: new Date('2026-01-31T14:00:00.000Z') });
    expect(computeDelaySchedule({ ...base, controls: { type: 'timed', cron: 'every day' } })).toEqual({
      ok: false,
      reason: expect.stringContaining('5 fields'),
    });
  });

  it('refuses a regular delay without a span', () => {
    expect(computeDelaySchedule({ ...base, controls: { type: 'regular' } }).ok).toBe(false);
  });
});

describe('planDelayStep', () => {
  const inputs = (controlValues: Record<string, unknown>) => stepPlanInputs('delay', controlValues, now);

  it('reads the controls and delays, or cancels with the reason', () => {
    expect(planDelayStep(inputs({ amount: 1, unit: 'hours' }))).toMatchObject({
      ok: true,
      runAt: new Date('2026-01-31T11:00:00.000Z'),
    });
    expect(planDelayStep(inputs({ type: 'scheduled', delayPath: 'nope' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not a date'),
    });
    expect(planDelayStep(inputs({ amount: 'soon', unit: 'hours' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Delay canceled: /),
    });
  });
});
