import { CronExpressionError, nextCronTick } from './cron-schedule';

const at = (iso: string) => new Date(iso);

describe('nextCronTick', () => {
  it('finds the next minute, hour and day ticks strictly after now', () => {
    expect(nextCronTick('* * * * *', at('2026-05-10T10:00:30Z')).toISOString()).toBe('2026-05-10T10:01:00.000Z');
    expect(nextCronTick('*/15 * * * *', at('2026-05-10T10:15:00Z')).toISOString()).toBe('2026-05-10T10:30:00.000Z');
    expect(nextCronTick('0 9 * * 1-5', at('2026-05-09T12:00:00Z')).toISOString()).toBe('2026-05-11T09:00:00.000Z');
    expect(nextCronTick('@monthly', at('2026-05-10T00:00:00Z')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(nextCronTick('30 23 31 12 *', at('2026-05-10T00:00:00Z')).toISOString()).toBe('2026-12-31T23:30:00.000Z');
  });

  it('evaluates in the given timezone, across daylight saving changes', () => {
    expect(nextCronTick('0 9 * * *', at('2026-07-01T00:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(nextCronTick('0 9 * * *', at('2026-01-01T00:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-01-01T08:00:00.000Z',
    );
    expect(nextCronTick('0 9 * * *', at('2026-03-28T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('treats an unknown timezone as UTC and rejects malformed expressions', () => {
    expect(nextCronTick('0 0 * * *', at('2026-05-10T10:00:00Z'), 'Mars/Olympus').toISOString()).toBe(
      '2026-05-11T00:00:00.000Z',
    );
    expect(() => nextCronTick('61 * * * *', new Date())).toThrow(CronExpressionError);
    expect(() => nextCronTick('0 0 30 2 *', new Date())).toThrow(CronExpressionError);
  });
});
