import { type DigestControlValues, digestControlValuesSchema } from '@herald/contracts';

import { CronExpressionError, nextCronTick } from '../cron-schedule';
import { valueAtPath } from '../payload-path';
import type { StepPlanInputs } from '../step-kind';
import { addTimeSpan, timeSpanMs } from '../time-units';

/** How an arriving event is digested, or why the digest step cannot run. */
export type DigestPlan =
  | {
      ok: true;
      /** The value at `digestKey` ('' without a key): events group per subscriber and this value. */
      key: string;
      /** When a window opened now would close. */
      closesAt: Date;
      /** Back-off digest: without an event of the group within this many ms, the event is SKIPPED. */
      lookBackMs?: number;
      /** Human description of the window for execution details. */
      window: string;
    }
  | { ok: false; reason: string };

function keyOf(payload: Record<string, unknown>, digestKey: string | undefined): string {
  if (!digestKey) return '';
  const value = valueAtPath(payload, digestKey);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Computes the digest window for an event arriving `now` (regular, back-off or timed). */
export function computeDigestPlan(
  controls: DigestControlValues,
  payload: Record<string, unknown>,
  timezone: string | null,
  now: Date,
): DigestPlan {
  const key = keyOf(payload, controls.digestKey);
  const timed = (controls.type ?? (controls.cron === undefined ? 'regular' : 'timed')) === 'timed';
  if (timed) {
    const zone = timezone ?? 'UTC';
    try {
      const closesAt = nextCronTick(controls.cron ?? '', now, zone);
      return { ok: true, key, closesAt, window: `until the next tick of "${controls.cron}" in ${zone}` };
    } catch (error) {
      return {
        ok: false,
        reason: `Digest canceled: ${error instanceof CronExpressionError ? error.message : String(error)}`,
      };
    }
  }
  if (controls.amount === undefined || controls.unit === undefined)
    return { ok: false, reason: 'Digest canceled: a regular digest needs amount and unit' };
  const closesAt = addTimeSpan(now, controls.amount, controls.unit);
  const lookBackMs = controls.lookBackWindow
    ? timeSpanMs(controls.lookBackWindow.amount, controls.lookBackWindow.unit, now)
    : undefined;
  return { ok: true, key, closesAt, lookBackMs, window: `${controls.amount} ${controls.unit}` };
}

/** A digest step's plan: its controls read, then the window an event arriving now joins. */
export function planDigestStep({ step, payload, subscriber, now }: StepPlanInputs): DigestPlan {
  const controls = digestControlValuesSchema.safeParse(step.controlValues);
  if (!controls.success)
    return { ok: false, reason: `Digest canceled: ${controls.error.issues[0]?.message ?? 'invalid controls'}` };
  return computeDigestPlan(controls.data, payload, subscriber.timezone, now);
}
