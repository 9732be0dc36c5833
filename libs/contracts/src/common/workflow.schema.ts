import { z } from 'zod';

import { deliveryChannelSchema } from './channel.schema';
import { CONTRACT_LIMITS } from './limits';
import { boundedString, idSchema, jsonRecordSchema, nameSchema } from './primitives.schema';
import {
  channelControlValuesSchema,
  delayControlValuesSchema,
  digestControlValuesSchema,
} from './step-controls.schema';

const stepBase = {
  /** Unique within the workflow; keys `overrides.steps.<stepId>` and the delivery key. */
  stepId: boundedString(100),
  name: nameSchema,
  /** Herald's addition (Novu has none): an inactive step creates no job. */
  active: z.boolean(),
};

/**
 * One workflow step. Channel and throttle steps carry free-form control values (templates,
 * `skip` rule); delay and digest steps carry typed ones the worker's scheduler relies on.
 */
export const workflowStepSchema = z.discriminatedUnion('type', [
  z.object({ ...stepBase, type: deliveryChannelSchema, controlValues: channelControlValuesSchema }),
  z.object({ ...stepBase, type: z.literal('delay'), controlValues: delayControlValuesSchema }),
  z.object({ ...stepBase, type: z.literal('digest'), controlValues: digestControlValuesSchema }),
  z.object({ ...stepBase, type: z.literal('throttle'), controlValues: jsonRecordSchema }),
]);
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

const channelPreferenceSchema = z.object({ enabled: z.boolean() });

/**
 * The workflow's resolved channel preferences (Novu's `WorkflowPreferences`): `all.enabled` is
 * the default for every channel, `all.readOnly` forbids subscribers to opt out; a channel absent
 * from `channels` follows `all`.
 */
export const workflowPreferencesSchema = z.object({
  all: z.object({ enabled: z.boolean(), readOnly: z.boolean() }),
  channels: z.object({
    email: channelPreferenceSchema.optional(),
    sms: channelPreferenceSchema.optional(),
    push: channelPreferenceSchema.optional(),
    chat: channelPreferenceSchema.optional(),
    in_app: channelPreferenceSchema.optional(),
  }),
});
export type WorkflowPreferences = z.infer<typeof workflowPreferencesSchema>;

/** Which workflow version a job belongs to, as templates (`workflow`) and the activity feed see it. */
export const workflowRefSchema = z.object({
  /** Herald's id of the workflow. */
  id: idSchema,
  /** Novu's `workflowId`, the trigger's `name`. */
  identifier: idSchema,
  /** The version the trigger was validated against; every change makes a new one. */
  version: z.number().int('must be an integer').min(1, 'must be at least 1'),
  name: nameSchema,
});
export type WorkflowRef = z.infer<typeof workflowRefSchema>;

/** A workflow by value, as the gateway validated it: later edits do not change a queued trigger. */
export const workflowSnapshotSchema = workflowRefSchema
  .extend({
    active: z.boolean(),
    /** Critical workflows bypass subscriber preferences. */
    critical: z.boolean(),
    steps: z
      .array(workflowStepSchema)
      .max(CONTRACT_LIMITS.maxWorkflowSteps, `must list at most ${CONTRACT_LIMITS.maxWorkflowSteps} steps`),
    preferences: workflowPreferencesSchema,
  })
  .superRefine((workflow, ctx) => {
    const seen = new Set<string>();
    workflow.steps.forEach((step, index) => {
      if (seen.has(step.stepId)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['steps', index, 'stepId'],
          message: `duplicates stepId "${step.stepId}"`,
        });
      }
      seen.add(step.stepId);
    });
  });
export type WorkflowSnapshot = z.infer<typeof workflowSnapshotSchema>;
