import type { TimeUnit } from '@herald/contracts';

const FIXED_MS: Record<Exclude<TimeUnit, 'months'>, number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
};

/**
 * `from` plus `amount` `unit`. Months are calendar months (Jan 31 + 1 month = Feb 28/29, the
 * last day of the shorter month), the rest are exact durations. Throws a RangeError naming the
 * span when the result is no date (beyond ±275,760 years): a plan fails there, with that reason,
 * rather than later in a repository's `toISOString()`.
 */
export function addTimeSpan(from: Date, amount: number, unit: TimeUnit): Date {
  const result = unit === 'months' ? addMonths(from, amount) : new Date(from.getTime() + amount * FIXED_MS[unit]);
  if (Number.isNaN(result.getTime())) {
    throw new RangeError(`${amount} ${unit} from ${from.toISOString()} is not a representable date`);
  }
  return result;
}

function addMonths(from: Date, amount: number): Date {
  const target = new Date(from.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + amount);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

/** The length of `amount` `unit` ending now, in ms (months counted back from `now`). */
export function timeSpanMs(amount: number, unit: TimeUnit, now: Date = new Date()): number {
  if (unit !== 'months') return amount * FIXED_MS[unit];
  return now.getTime() - addTimeSpan(now, -amount, unit).getTime();
}
