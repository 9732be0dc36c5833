import { z } from 'zod';

import { CONTRACT_LIMITS } from './limits';
import { boundedString, jsonRecordSchema } from './primitives.schema';
import { checkSkipRule, describeSkipRuleProblem } from './skip-rule';

/** Time units for delays, digest windows and look-back windows (Novu's `TimeUnitEnum`). */
export const TIME_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months'] as const;
/** One of `TIME_UNITS`. */
export type TimeUnit = (typeof TIME_UNITS)[number];
/** Validates a time unit. */
export const timeUnitSchema = z.enum(TIME_UNITS);

/**
 * The longest delay, digest window, look-back window and throttle window, per unit: one year
 * (365 days; 12 calendar months). Larger spans are refused at save and at trigger (decision 0029).
 */
export const MAX_TIME_SPAN: Readonly<Record<TimeUnit, number>> = {
  seconds: 31_536_000,
  minutes: 525_600,
  hours: 8_760,
  days: 365,
  weeks: 52,
  months: 12,
};

/** Why `amount` `unit` is longer than `MAX_TIME_SPAN` allows, or undefined when it is not. */
export function timeSpanTooLong(amount: number, unit: TimeUnit): string | undefined {
  const max = MAX_TIME_SPAN[unit];
  return amount > max ? `must be at most ${max} ${unit} (1 year)` : undefined;
}

const amountSchema = z
  .number({ invalid_type_error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(MAX_TIME_SPAN.seconds, `must be at most ${MAX_TIME_SPAN.seconds} (1 year in seconds)`);

/** Adds an issue at `amount` when `amount` `unit` (both valid) exceed `MAX_TIME_SPAN`. */
function refineSpan(span: { amount?: number; unit?: TimeUnit }, ctx: z.RefinementCtx): void {
  // Above a year in seconds `amountSchema` has said so already.
  if (span.amount === undefined || span.unit === undefined || span.amount > MAX_TIME_SPAN.seconds) return;
  const tooLong = timeSpanTooLong(span.amount, span.unit);
  if (tooLong) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amount'], message: tooLong });
}
const cronSchema = boundedString(255);
/** A dot path into the trigger payload (`digestKey`, `delayPath`). */
const payloadPathSchema = boundedString(255);

/**
 * A step condition as saved (Novu's `controlValues.skip`): a JSON Logic rule, i.e. an object naming
 * one operator (`{"==": [{"var": "payload.muted"}, true]}`), within `SKIP_RULE_LIMITS` and using
 * only `SKIP_RULE_OPERATORS`; `{}` means "no rule". The gateway validates workflows with it; the
 * step control schemas below, which trigger messages carry, keep any object (a rule saved before
 * these limits must not dead-letter a trigger: trigger-worker checks it again before evaluating).
 */
export const skipRuleSchema = z
  .record(z.string(), z.unknown(), { invalid_type_error: 'must be a JSON Logic rule (an object)' })
  .superRefine((rule, ctx) => {
    if (Object.keys(rule).length > 1) {
      const message = 'must be a JSON Logic rule: an object with exactly one operator';
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return;
    }
    const problem = checkSkipRule(rule);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: describeSkipRuleProblem(problem) });
  });

/** A time span, as in a back-off digest's `lookBackWindow` or a trigger's `overrides.delay`: at most a year. */
export const timeSpanSchema = z.object({ amount: amountSchema, unit: timeUnitSchema }).superRefine(refineSpan);
export type TimeSpan = z.infer<typeof timeSpanSchema>;

/**
 * Controls of a delay step. `regular` (the default when `type` is absent) waits `amount` `unit`;
 * `scheduled` waits until the ISO date at `delayPath` in the payload; `timed` waits for the next
 * `cron` tick (in the subscriber's timezone when known). Unknown keys are kept for the templates.
 */
export const delayControlValuesSchema = z
  .object({
    type: z.enum(['regular', 'scheduled', 'timed']).optional(),
    amount: amountSchema.optional(),
    unit: timeUnitSchema.optional(),
    delayPath: payloadPathSchema.optional(),
    cron: cronSchema.optional(),
    skip: jsonRecordSchema.optional(),
  })
  .passthrough()
  .superRefine((controls, ctx) => {
    if ((controls.type ?? 'regular') === 'regular') refineSpan(controls, ctx);
    const type = controls.type ?? 'regular';
    const required: Record<typeof type, readonly (keyof typeof controls)[]> = {
      regular: ['amount', 'unit'],
      scheduled: ['delayPath'],
      timed: ['cron'],
    };
    for (const key of required[type]) {
      if (controls[key] === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for a ${type} delay` });
      }
    }
  });
export type DelayControlValues = z.infer<typeof delayControlValuesSchema>;

/**
 * Controls of a digest step, Novu's shape. A regular digest collects events for `amount` `unit`;
 * with `lookBackWindow` it is a back-off digest (no event within the window → the first event is
 * SKIPPED and sent at once). A timed digest (`cron`, or `type: 'timed'`) collects until the next
 * tick. Events are grouped per subscriber and the payload value at `digestKey`.
 */
export const digestControlValuesSchema = z
  .object({
    type: z.enum(['regular', 'timed']).optional(),
    amount: amountSchema.optional(),
    unit: timeUnitSchema.optional(),
    digestKey: payloadPathSchema.optional(),
    lookBackWindow: timeSpanSchema.optional(),
    cron: cronSchema.optional(),
    skip: jsonRecordSchema.optional(),
  })
  .passthrough()
  .superRefine((controls, ctx) => {
    refineSpan(controls, ctx);
    const timed = (controls.type ?? (controls.cron === undefined ? 'regular' : 'timed')) === 'timed';
    const required: readonly (keyof typeof controls)[] = timed ? ['cron'] : ['amount', 'unit'];
    for (const key of required) {
      if (controls[key] === undefined) {
        const kind = timed ? 'timed' : 'regular';
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for a ${kind} digest` });
      }
    }
    if (timed && controls.lookBackWindow !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['lookBackWindow'],
        message: 'is only allowed on a regular digest',
      });
    }
  });
export type DigestControlValues = z.infer<typeof digestControlValuesSchema>;

/** trigger-worker keeps one timestamp per execution still counting, so this bounds a counter row (decision 0022). */
export const MAX_THROTTLE_THRESHOLD = 1000;
/** A payload path where '' (what editors send for an unused field) means none. */
const optionalPayloadPathSchema = z
  .string({ invalid_type_error: 'must be a string' })
  .max(255, 'must be at most 255 characters');

/**
 * Controls of a throttle step, Novu's shape: a `fixed` window (the default) of `amount` `unit`, or
 * a `dynamic` one read from the payload at `dynamicKey`; at most `threshold` (default 1)
 * executions per window, counted per subscriber and, with `throttleKey`, per payload value. The
 * gateway validates workflows with it and trigger-worker reads the controls with it (0022).
 */
export const throttleControlValuesSchema = z
  .object({
    type: z.enum(['fixed', 'dynamic']).optional(),
    amount: amountSchema.optional(),
    unit: timeUnitSchema.optional(),
    dynamicKey: optionalPayloadPathSchema.optional(),
    threshold: amountSchema.max(MAX_THROTTLE_THRESHOLD, `must be at most ${MAX_THROTTLE_THRESHOLD}`).optional(),
    throttleKey: optionalPayloadPathSchema.optional(),
  })
  .passthrough()
  .superRefine((controls, ctx) => {
    refineSpan(controls, ctx);
    const type = controls.type ?? 'fixed';
    const required: readonly (keyof typeof controls)[] = type === 'fixed' ? ['amount', 'unit'] : ['dynamicKey'];
    for (const key of required) {
      if (controls[key] === undefined || controls[key] === '')
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for a ${type} throttle` });
    }
  });
export type ThrottleControlValues = z.infer<typeof throttleControlValuesSchema>;

/**
 * The first template of a channel step's controls that is too long, or the point where all of
 * them together pass `maxStepTemplatesLength`: `{path, message}` (`['body']`), or undefined.
 */
export function templateSizeProblem(
  controls: Record<string, unknown>,
): { path: (string | number)[]; message: string } | undefined {
  const { maxTemplateLength, maxStepTemplatesLength } = CONTRACT_LIMITS;
  let total = 0;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: controls, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === 'string') {
      if (value.length > maxTemplateLength) return { path, message: `must be at most ${maxTemplateLength} characters` };
      total += value.length;
      if (total > maxStepTemplatesLength) {
        const message = `makes the step's templates longer than ${maxStepTemplatesLength} characters together`;
        return { path, message };
      }
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], path: [...path, index] });
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        stack.push({ value: entries[index][1], path: [...path, entries[index][0]] });
      }
    }
  }
  return undefined;
}

/**
 * Controls of a channel step (templates and options): any object whose templates fit
 * `maxTemplateLength` each and `maxStepTemplatesLength` together, so a saved step can always be
 * rendered within a runner's per-job budget.
 */
export const channelControlValuesSchema = jsonRecordSchema.superRefine((controls, ctx) => {
  const problem = templateSizeProblem(controls);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: problem.path, message: problem.message });
});
