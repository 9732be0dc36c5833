import { createHash } from 'node:crypto';

import { type ThrottleControlValues, throttleControlValuesSchema, TIME_UNITS, type TimeUnit } from '@herald/contracts';

import { valueAtPath } from '../payload-path';
import type { StepPlanInputs } from '../step-kind';
import { addTimeSpan } from '../time-units';

/** How an arriving execution is counted, or why the throttle step cannot run. */
export type ThrottlePlan =
  | {
      ok: true;
      /** The value at `throttleKey` ('' without one): counters are per subscriber and this value. */
      key: string;
      threshold: number;
      /** Until when an execution passing now counts against the threshold. */
      countsUntil: Date;
      /** The window in words, for execution details ("in the last 1 hour", "until …"). */
      window: string;
    }
  | { ok: false; reason: string };

/** Keys longer than this are stored as a hash (they are part of a btree primary key). */
const MAX_KEY_LENGTH = 200;

/** A dot path into the payload; Novu writes these with a `payload.` prefix, which is accepted too. */
export function payloadValue(payload: Record<string, unknown>, path: string): unknown {
  const direct = valueAtPath(payload, path);
  if (direct !== undefined || !path.startsWith('payload.')) return direct;
  return valueAtPath(payload, path.slice('payload.'.length));
}

/** The counter key for `throttleKey`: the payload value as text ('' when absent), hashed when long. */
export function throttleKeyOf(payload: Record<string, unknown>, throttleKey: string | undefined): string {
  if (!throttleKey) return '';
  const value = payloadValue(payload, throttleKey);
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length <= MAX_KEY_LENGTH ? text : `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** "1 hour", "30 minutes". */
export function describeSpan(amount: number, unit: TimeUnit): string {
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}

function isTimeUnit(value: unknown): value is TimeUnit {
  return typeof value === 'string' && (TIME_UNITS as readonly string[]).includes(value);
}

/** A dynamic window value: an ISO-8601 timestamp, or a duration `{amount, unit}` like the fixed window. */
function dynamicWindow(value: unknown, now: Date): { countsUntil: Date; window: string } | undefined {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const until = new Date(value);
    if (Number.isNaN(until.getTime())) return undefined;
    return { countsUntil: until, window: `until ${until.toISOString()}` };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { amount, unit } = value as { amount?: unknown; unit?: unknown };
    if (typeof amount === 'number' && Number.isInteger(amount) && amount >= 1 && isTimeUnit(unit)) {
      return { countsUntil: addTimeSpan(now, amount, unit), window: `in the last ${describeSpan(amount, unit)}` };
    }
  }
  return undefined;
}

/**
 * Computes how an execution reaching the throttle step `now` is counted. A fixed window (or a
 * dynamic duration) is sliding: an execution counts for `amount` `unit` after it passed. A
 * dynamic ISO timestamp makes executions count until that instant.
 */
export function computeThrottlePlan(
  controls: ThrottleControlValues,
  payload: Record<string, unknown>,
  now: Date,
): ThrottlePlan {
  const key = throttleKeyOf(payload, controls.throttleKey);
  const threshold = controls.threshold ?? 1;
  if ((controls.type ?? 'fixed') === 'fixed') {
    if (controls.amount === undefined || controls.unit === undefined)
      return { ok: false, reason: 'Throttle canceled: a fixed throttle needs amount and unit' };
    return {
      ok: true,
      key,
      threshold,
      countsUntil: addTimeSpan(now, controls.amount, controls.unit),
      window: `in the last ${describeSpan(controls.amount, controls.unit)}`,
    };
  }
  const path = controls.dynamicKey ?? '';
  const value = payloadValue(payload, path);
  if (value === undefined || value === null)
    return { ok: false, reason: `Throttle canceled: the dynamic window key ${path} is missing from the payload` };
  const window = dynamicWindow(value, now);
  if (!window)
    return {
      ok: false,
      reason: `Throttle canceled: ${path} is neither an ISO-8601 timestamp nor a duration {amount, unit}`,
    };
  return { ok: true, key, threshold, ...window };
}

/** A throttle step's plan: its controls read, then how an execution arriving now is counted. */
export function planThrottleStep({ step, payload, now }: StepPlanInputs): ThrottlePlan {
  const controls = throttleControlValuesSchema.safeParse(step.controlValues);
  if (!controls.success) {
    const issue = controls.error.issues[0];
    return {
      ok: false,
      reason: `Throttle canceled: ${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : 'invalid controls'}`,
    };
  }
  return computeThrottlePlan(controls.data, payload, now);
}
