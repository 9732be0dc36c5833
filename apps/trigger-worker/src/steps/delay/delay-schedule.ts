import {
  type DelayControlValues,
  delayControlValuesSchema,
  MAX_TIME_SPAN,
  TIME_UNITS,
  type TimeUnit,
} from '@herald/contracts';

import { CronExpressionError, nextCronTick } from '../cron-schedule';
import { valueAtPath } from '../payload-path';
import type { StepPlanInputs } from '../step-kind';
import { addTimeSpan } from '../time-units';

/** When a delay step fires, or why it cannot (the job is then CANCELED with this reason). */
export type DelaySchedule = { ok: true; runAt: Date; detail: string } | { ok: false; reason: string };

/** What a delay is computed from. */
export interface DelayInputs {
  controls: DelayControlValues;
  payload: Record<string, unknown>;
  overrides: Record<string, unknown>;
  /** The subscriber's IANA timezone, for timed (cron) delays. */
  timezone: string | null;
  now: Date;
}

function isTimeUnit(value: unknown): value is TimeUnit {
  return typeof value === 'string' && (TIME_UNITS as readonly string[]).includes(value);
}

/** `overrides.delay = {amount, unit}` replaces a regular delay's span (Novu's trigger override). */
function overrideSpan(overrides: Record<string, unknown>): { amount: number; unit: TimeUnit } | undefined {
  const delay = overrides.delay as { amount?: unknown; unit?: unknown } | undefined;
  if (!delay || typeof delay !== 'object') return undefined;
  if (typeof delay.amount === 'number' && Number.isInteger(delay.amount) && delay.amount >= 1 && isTimeUnit(delay.unit))
    return { amount: delay.amount, unit: delay.unit };
  return undefined;
}

/**
 * Computes a delay step's fire time: regular (amount + unit, or `overrides.delay`), scheduled
 * (the ISO date at `delayPath` in the payload, which must lie in the future) or timed (the next
 * cron tick, in the subscriber's timezone when known, else UTC).
 */
export function computeDelaySchedule({ controls, payload, overrides, timezone, now }: DelayInputs): DelaySchedule {
  const type = controls.type ?? 'regular';
  if (type === 'scheduled') {
    const path = controls.delayPath ?? '';
    const value = valueAtPath(payload, path);
    const runAt = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!runAt || Number.isNaN(runAt.getTime()))
      return { ok: false, reason: `Delay canceled: payload.${path} is not a date` };
    if (runAt.getTime() <= now.getTime())
      return { ok: false, reason: `Delay canceled: payload.${path} (${runAt.toISOString()}) is not in the future` };
    if (runAt.getTime() - now.getTime() > MAX_TIME_SPAN.seconds * 1000) {
      const reason = `Delay canceled: payload.${path} (${runAt.toISOString()}) is more than 1 year ahead`;
      return { ok: false, reason };
    }
    return { ok: true, runAt, detail: `Delayed until ${runAt.toISOString()} (payload.${path})` };
  }
  if (type === 'timed') {
    const zone = timezone ?? 'UTC';
    try {
      const runAt = nextCronTick(controls.cron ?? '', now, zone);
      return { ok: true, runAt, detail: `Delayed until ${runAt.toISOString()} (cron "${controls.cron}" in ${zone})` };
    } catch (error) {
      return {
        ok: false,
        reason: `Delay canceled: ${error instanceof CronExpressionError ? error.message : String(error)}`,
      };
    }
  }
  const span =
    overrideSpan(overrides) ??
    (controls.amount !== undefined && controls.unit !== undefined
      ? { amount: controls.amount, unit: controls.unit }
      : undefined);
  if (!span) return { ok: false, reason: 'Delay canceled: a regular delay needs amount and unit' };
  const runAt = addTimeSpan(now, span.amount, span.unit);
  return { ok: true, runAt, detail: `Delayed for ${span.amount} ${span.unit}, until ${runAt.toISOString()}` };
}

/** A delay step's plan: its controls read, then its fire time computed. */
export function planDelayStep({ step, payload, overrides, subscriber, now }: StepPlanInputs): DelaySchedule {
  const controls = delayControlValuesSchema.safeParse(step.controlValues);
  if (!controls.success)
    return { ok: false, reason: `Delay canceled: ${controls.error.issues[0]?.message ?? 'invalid controls'}` };
  return computeDelaySchedule({ controls: controls.data, payload, overrides, timezone: subscriber.timezone, now });
}
