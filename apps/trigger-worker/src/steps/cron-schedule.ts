/**
 * Next tick of a five-field cron expression (`minute hour day-of-month month day-of-week`, with
 * `*`, lists, ranges, steps and `@hourly`/`@daily`/`@weekly`/`@monthly`) in an IANA timezone.
 * Small on purpose: timed delays and digests only need "the next tick after now".
 */
export class CronExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronExpressionError';
  }
}

interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOr: boolean;
}

const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

function parseField(text: string, min: number, max: number, name: string): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new CronExpressionError(`invalid ${name} field "${text}"`);
    const step = match[4] === undefined ? 1 : Number(match[4]);
    const from = match[1] === '*' ? min : Number(match[2]);
    const to =
      match[1] === '*' ? max : match[3] === undefined ? (match[4] === undefined ? from : max) : Number(match[3]);
    if (step < 1 || from < min || to > max || from > to)
      throw new CronExpressionError(`invalid ${name} field "${text}"`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/** Parses an expression; throws `CronExpressionError` when it is not one. */
export function parseCron(expression: string): CronFields {
  const fields = (MACROS[expression.trim()] ?? expression).trim().split(/\s+/);
  if (fields.length !== 5) throw new CronExpressionError(`cron "${expression}" must have 5 fields`);
  const weekdays = parseField(fields[4], 0, 7, 'day-of-week');
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minutes: parseField(fields[0], 0, 59, 'minute'),
    hours: parseField(fields[1], 0, 23, 'hour'),
    days: parseField(fields[2], 1, 31, 'day-of-month'),
    months: parseField(fields[3], 1, 12, 'month'),
    weekdays,
    dayOr: fields[2] !== '*' && fields[4] !== '*',
  };
}

/** Offset of `timeZone` from UTC at instant `at`, in ms. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(at / 1000) * 1000
  );
}

/** The UTC instant of a wall-clock time in `timeZone` (the later one in a DST overlap). */
function zonedToUtc(wallClockUtcMs: number, timeZone: string): number {
  let guess = wallClockUtcMs - zoneOffsetMs(wallClockUtcMs, timeZone);
  guess = wallClockUtcMs - zoneOffsetMs(guess, timeZone);
  return guess;
}

/** True when `timeZone` is a zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The first tick strictly after `after`, evaluated in `timeZone` (default UTC); searches 5 years. */
export function nextCronTick(expression: string, after: Date, timeZone = 'UTC'): Date {
  const cron = parseCron(expression);
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const localNow = after.getTime() + zoneOffsetMs(after.getTime(), zone);
  const start = new Date(localNow);
  const day = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
  for (let index = 0; index < 5 * 366; index += 1, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!cron.months.has(day.getUTCMonth() + 1)) continue;
    const domMatch = cron.days.has(day.getUTCDate());
    const dowMatch = cron.weekdays.has(day.getUTCDay());
    if (cron.dayOr ? !(domMatch || dowMatch) : !(domMatch && dowMatch)) continue;
    for (const hour of [...cron.hours].sort((a, b) => a - b)) {
      for (const minute of [...cron.minutes].sort((a, b) => a - b)) {
        const wallClock = day.getTime() + hour * 3_600_000 + minute * 60_000;
        if (wallClock <= localNow - 60_000) continue;
        const instant = zonedToUtc(wallClock, zone);
        if (instant > after.getTime()) return new Date(instant);
      }
    }
  }
  throw new CronExpressionError(`cron "${expression}" has no tick in the next 5 years`);
}
