import { DELIVERY_CHANNELS } from '@herald/contracts';

import { z } from '../../core/openapi/openapi-zod';
import { stepControlSchemas, type WorkflowStepType } from './step-controls.schemas';

const dateTime = () => z.string().openapi({ format: 'date-time' });
const stepType = z.enum(Object.keys(stepControlSchemas) as [WorkflowStepType, ...WorkflowStepType[]]);
const controlValues = z.record(z.string(), z.unknown());

/** Novu's `{all: {enabled, readOnly}, channels: {<channel>: {enabled}}}`. */
const preferenceDocSchema = z.object({
  all: z.object({ enabled: z.boolean(), readOnly: z.boolean() }),
  channels: z.object(
    Object.fromEntries(
      DELIVERY_CHANNELS.map((channel) => [channel, z.object({ enabled: z.boolean() }).optional()]),
    ) as Record<(typeof DELIVERY_CHANNELS)[number], z.ZodOptional<z.ZodObject<{ enabled: z.ZodBoolean }>>>,
  ),
});

/** Novu's `StepResponseDto` (`id` and `_id` both: the v2 SDK reads `id`). */
export const stepResponseSchema = z
  .object({
    _id: z.string(),
    id: z.string(),
    stepId: z.string(),
    name: z.string(),
    slug: z.string(),
    type: stepType,
    active: z.boolean(),
    origin: z.literal('novu-cloud'),
    workflowId: z.string(),
    workflowDatabaseId: z.string(),
    controlValues,
    controls: z.object({ values: controlValues }),
    variables: z.object({}),
  })
  .openapi('StepResponseDto');
export type StepResponse = z.infer<typeof stepResponseSchema>;

/** Novu's `WorkflowResponseDto` (plus Herald's `version`, `critical` and step `active`). */
export const workflowResponseSchema = z
  .object({
    _id: z.string(),
    workflowId: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().optional(),
    tags: z.array(z.string()),
    active: z.boolean(),
    critical: z.boolean(),
    severity: z.enum(['high', 'medium', 'low', 'none']),
    status: z.enum(['ACTIVE', 'INACTIVE']),
    origin: z.literal('novu-cloud'),
    isTranslationEnabled: z.boolean(),
    validatePayload: z.boolean(),
    payloadSchema: z.record(z.string(), z.unknown()).nullable(),
    version: z.number().int(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
    steps: z.array(stepResponseSchema),
    preferences: z.object({ user: preferenceDocSchema.nullable(), default: preferenceDocSchema }),
  })
  .openapi('WorkflowResponseDto');
export type WorkflowResponse = z.infer<typeof workflowResponseSchema>;

/** Novu's `WorkflowListResponseDto`: the summary a list shows. */
export const workflowListItemSchema = z
  .object({
    _id: z.string(),
    workflowId: z.string(),
    slug: z.string(),
    name: z.string(),
    tags: z.array(z.string()),
    active: z.boolean(),
    status: z.enum(['ACTIVE', 'INACTIVE']),
    origin: z.literal('novu-cloud'),
    isTranslationEnabled: z.boolean(),
    version: z.number().int(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
    stepTypeOverviews: z.array(stepType),
    steps: z.array(z.object({ slug: z.string(), type: stepType })),
  })
  .openapi('WorkflowListResponseDto');
export type WorkflowListItem = z.infer<typeof workflowListItemSchema>;

export const workflowEnvelopeSchema = z.object({ data: workflowResponseSchema });
/** `GET /v2/workflows` (`ListWorkflowResponse`). */
export const workflowListSchema = z.object({
  data: z.object({ workflows: z.array(workflowListItemSchema), totalCount: z.number().int() }),
});
export const stepEnvelopeSchema = z.object({ data: stepResponseSchema });

const sampleSubscriberSchema = z.object({
  id: z.string(),
  subscriberId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  avatar: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

/** Novu's `GeneratePreviewResponseDto`: the step's controls rendered for the sample, and the sample. */
export const stepPreviewResponseSchema = z
  .object({
    result: z.object({ type: stepType, preview: z.record(z.string(), z.unknown()) }),
    previewPayloadExample: z.object({
      payload: z.record(z.string(), z.unknown()),
      subscriber: sampleSubscriberSchema,
      actor: sampleSubscriberSchema.optional(),
    }),
    schema: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('GeneratePreviewResponseDto');
export type StepPreviewResponse = z.infer<typeof stepPreviewResponseSchema>;
export const stepPreviewEnvelopeSchema = z.object({ data: stepPreviewResponseSchema });
