import {
  delayControlValuesSchema,
  digestControlValuesSchema,
  linkUrlRefusal,
  skipRuleSchema,
  throttleControlValuesSchema,
} from '@herald/contracts';
import { z } from 'zod';

/** Throttle's contract schema has no `skip`; the gateway checks it as for every other step. */
function refineSkip(controls: { [key: string]: unknown; skip?: unknown }, ctx: z.RefinementCtx): void {
  if (controls.skip === undefined) return;
  const result = skipRuleSchema.safeParse(controls.skip);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ['skip', ...issue.path] });
  }
}

const text = z.string({ invalid_type_error: 'must be a string' });
/** An in-app link: http(s) or relative (a Liquid tag passes; the runner checks what it renders to). */
const linkUrl = text.superRefine((url, ctx) => {
  const refusal = linkUrlRefusal(url);
  if (refusal) ctx.addIssue({ code: z.ZodIssueCode.custom, message: refusal });
});
const redirectSchema = z.object({
  url: linkUrl,
  target: z.enum(['_self', '_blank', '_parent', '_top', '_unfencedTop']).optional(),
});
const actionSchema = z.object({ label: text.optional(), redirect: redirectSchema.optional() });
const common = { skip: skipRuleSchema.optional(), disableOutputSanitization: z.boolean().optional() };

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
    .passthrough(),
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
    .passthrough(),
  sms: z.object({ ...common, body: text.optional() }).passthrough(),
  push: z.object({ ...common, subject: text.optional(), body: text.optional() }).passthrough(),
  chat: z.object({ ...common, body: text.optional(), editorType: z.enum(['block', 'text']).optional() }).passthrough(),
  delay: delayControlValuesSchema,
  digest: digestControlValuesSchema,
  throttle: throttleControlValuesSchema.superRefine(refineSkip),
} as const;

/** The step types a workflow may contain. */
export type WorkflowStepType = keyof typeof stepControlSchemas;
