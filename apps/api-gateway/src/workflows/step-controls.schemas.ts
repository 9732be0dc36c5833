import { z } from 'zod';
import { delayControlValuesSchema, digestControlValuesSchema, TIME_UNITS } from '@herald/contracts';

/**
 * A step condition, Novu's `controlValues.skip`: a JSON Logic rule, i.e. an object naming one
 * operator (`{"==": [{"var": "payload.muted"}, true]}`); `{}` means "no rule".
 */
export const skipRuleSchema = z
  .record(z.string(), z.unknown(), { invalid_type_error: 'must be a JSON Logic rule (an object)' })
  .refine((rule) => Object.keys(rule).length <= 1, 'must be a JSON Logic rule: an object with exactly one operator');

function refineSkip(controls: { skip?: unknown }, ctx: z.RefinementCtx): void {
  if (controls.skip === undefined) return;
  const result = skipRuleSchema.safeParse(controls.skip);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ['skip', ...issue.path] });
  }
}

const text = z.string({ invalid_type_error: 'must be a string' });
const redirectSchema = z.object({
  url: text,
  target: z.enum(['_self', '_blank', '_parent', '_top', '_unfencedTop']).optional(),
});
const actionSchema = z.object({ label: text.optional(), redirect: redirectSchema.optional() });
const common = { skip: z.unknown().optional(), disableOutputSanitization: z.boolean().optional() };

/** A path into the trigger payload (`payload.projectId`); '' is what editors send for "none". */
const payloadPath = text.max(255, 'must be at most 255 characters');
/** trigger-worker keeps one timestamp per execution still counting; this bounds a counter (decision 0022). */
const MAX_THROTTLE_THRESHOLD = 1000;

/** The window a throttle step needs: `amount` + `unit` when fixed (the default), `dynamicKey` when dynamic. */
function refineThrottleWindow(controls: { type?: 'fixed' | 'dynamic'; amount?: number; unit?: string; dynamicKey?: string }, ctx: z.RefinementCtx): void {
  const type = controls.type ?? 'fixed';
  const required = type === 'fixed' ? (['amount', 'unit'] as const) : (['dynamicKey'] as const);
  for (const key of required) {
    if (controls[key] === undefined || controls[key] === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for a ${type} throttle` });
  }
}

/** Control values per step type, typed as Novu's `<Type>ControlDto` (unknown keys are kept for templates). */
export const stepControlSchemas = {
  in_app: z
    .object({
      ...common,
      subject: text.optional(),
      body: text.optional(),
      avatar: text.optional(),
      primaryAction: actionSchema.optional(),
      secondaryAction: actionSchema.optional(),
      redirect: redirectSchema.optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    })
    .passthrough()
    .superRefine(refineSkip),
  email: z
    .object({
      ...common,
      subject: z.string({ required_error: 'is required for an email step', invalid_type_error: 'must be a string' }),
      body: text.optional(),
      editorType: z.enum(['block', 'html']).optional(),
      layoutId: text.nullable().optional(),
      from: z.object({ email: text.optional(), name: text.optional() }).optional(),
      replyTo: text.optional(),
      preheader: text.optional(),
      useProviderDefaults: z.boolean().optional(),
    })
    .passthrough()
    .superRefine(refineSkip),
  sms: z.object({ ...common, body: text.optional() }).passthrough().superRefine(refineSkip),
  push: z.object({ ...common, subject: text.optional(), body: text.optional() }).passthrough().superRefine(refineSkip),
  chat: z
    .object({ ...common, body: text.optional(), editorType: z.enum(['block', 'text']).optional() })
    .passthrough()
    .superRefine(refineSkip),
  delay: delayControlValuesSchema.superRefine(refineSkip),
  digest: digestControlValuesSchema.superRefine(refineSkip),
  throttle: z
    .object({
      skip: z.unknown().optional(),
      type: z.enum(['fixed', 'dynamic']).optional(),
      amount: z.number().int('must be an integer').min(1, 'must be at least 1').optional(),
      unit: z.enum(TIME_UNITS).optional(),
      dynamicKey: payloadPath.optional(),
      threshold: z.number().int('must be an integer').min(1, 'must be at least 1').max(MAX_THROTTLE_THRESHOLD, `must be at most ${MAX_THROTTLE_THRESHOLD}`).optional(),
      throttleKey: payloadPath.optional(),
    })
    .passthrough()
    .superRefine(refineSkip)
    .superRefine(refineThrottleWindow),
} as const;

/** The step types a workflow may contain. */
export type WorkflowStepType = keyof typeof stepControlSchemas;
