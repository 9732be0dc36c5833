import { z } from 'zod';
import { boundedString, jsonRecordSchema } from './primitives.schema';

/** Time units for delays, digest windows and look-back windows (Novu's `TimeUnitEnum`). */
export const TIME_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks', 'months'] as const;
/** One of `TIME_UNITS`. */
export type TimeUnit = (typeof TIME_UNITS)[number];
/** Validates a time unit. */
export const timeUnitSchema = z.enum(TIME_UNITS);

const amountSchema = z.number().int('must be an integer').min(1, 'must be at least 1');
const cronSchema = boundedString(255);
/** A dot path into the trigger payload (`digestKey`, `delayPath`). */
const payloadPathSchema = boundedString(255);

/** A step condition (Novu's `controlValues.skip`): a JSON Logic rule; the step is skipped when true. */
export const skipRuleSchema = jsonRecordSchema;

/** A time span, as in a back-off digest's `lookBackWindow`. */
export const timeSpanSchema = z.object({ amount: amountSchema, unit: timeUnitSchema });
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
    skip: skipRuleSchema.optional(),
  })
  .passthrough()
  .superRefine((controls, ctx) => {
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
    skip: skipRuleSchema.optional(),
  })
  .passthrough()
  .superRefine((controls, ctx) => {
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
const optionalPayloadPathSchema = z.string({ invalid_type_error: 'must be a string' }).max(255, 'must be at most 255 characters');

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
    const type = controls.type ?? 'fixed';
    const required: readonly (keyof typeof controls)[] = type === 'fixed' ? ['amount', 'unit'] : ['dynamicKey'];
    for (const key of required) {
      if (controls[key] === undefined || controls[key] === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for a ${type} throttle` });
    }
  });
export type ThrottleControlValues = z.infer<typeof throttleControlValuesSchema>;
