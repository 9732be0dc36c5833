import { CONTRACT_LIMITS, DELIVERY_CHANNELS, safeIdentifier } from '@herald/contracts';
import { z } from 'zod';

import { stepControlSchemas } from './step-controls.schemas';

const name = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(CONTRACT_LIMITS.maxNameLength, `must be at most ${CONTRACT_LIMITS.maxNameLength} characters`);

/** A workflow identifier is used in URLs and as the trigger `name`: no whitespace, no slash. */
const workflowIdentifier = safeIdentifier(
  z
    .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(CONTRACT_LIMITS.maxIdLength, `must be at most ${CONTRACT_LIMITS.maxIdLength} characters`)
    .regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'),
);

const stepIdentifier = safeIdentifier(
  z
    .string({ invalid_type_error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .regex(/^[^\s/?#%]+$/, 'must not contain whitespace, "/", "?", "#" or "%"'),
);

function stepSchema<T extends keyof typeof stepControlSchemas>(type: T) {
  return z.object({
    _id: z.string().optional(),
    stepId: stepIdentifier.optional(),
    name,
    type: z.literal(type),
    /** Herald's addition: an inactive step creates no job. */
    active: z.boolean({ invalid_type_error: 'must be a boolean' }).default(true),
    // Absent controls are validated as `{}`, so a required control (an email's subject) is still reported.
    controlValues: z.preprocess((value) => value ?? {}, stepControlSchemas[type] as (typeof stepControlSchemas)[T]),
  });
}

/** One step of a create/update body, discriminated by `type`. */
export const workflowStepRequestSchema = z.discriminatedUnion(
  'type',
  [
    stepSchema('in_app'),
    stepSchema('email'),
    stepSchema('sms'),
    stepSchema('push'),
    stepSchema('chat'),
    stepSchema('delay'),
    stepSchema('digest'),
    stepSchema('throttle'),
  ],
  {
    errorMap: (issue, ctx) => ({
      message:
        issue.code === 'invalid_union_discriminator'
          ? `must be one of ${Object.keys(stepControlSchemas).join(', ')}`
          : ctx.defaultError,
    }),
  },
);
export type WorkflowStepRequest = z.output<typeof workflowStepRequestSchema>;

const preferenceDocSchema = z.object({
  all: z.object({ enabled: z.boolean().default(true), readOnly: z.boolean().default(false) }).default({}),
  channels: z
    .object(
      Object.fromEntries(
        DELIVERY_CHANNELS.map((channel) => [channel, z.object({ enabled: z.boolean().default(true) }).optional()]),
      ),
    )
    .strict('must name only email, sms, push, chat, in_app')
    .default({}),
});
/** Novu's `{all: {enabled, readOnly}, channels: {<channel>: {enabled}}}`. */
export type PreferenceDoc = {
  all: { enabled: boolean; readOnly: boolean };
  channels: Partial<Record<(typeof DELIVERY_CHANNELS)[number], { enabled: boolean }>>;
};

const payloadSchemaSchema = z
  .record(z.string(), z.unknown(), { invalid_type_error: 'must be a JSON Schema (an object)' })
  .refine((schema) => schema.type === undefined || schema.type === 'object', 'must describe an object (type "object")')
  .nullable();

const optionalFields = {
  description: z
    .string({ invalid_type_error: 'must be a string' })
    .max(2000, 'must be at most 2000 characters')
    .optional(),
  tags: z
    .array(
      z
        .string({ invalid_type_error: 'must be a string' })
        .min(1, 'must not be empty')
        .max(64, 'must be at most 64 characters'),
    )
    .max(16, 'must list at most 16 tags')
    .optional(),
  critical: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  severity: z.enum(['high', 'medium', 'low', 'none']).optional(),
  isTranslationEnabled: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  validatePayload: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  payloadSchema: payloadSchemaSchema.optional(),
};

const definitionFields = {
  name,
  ...optionalFields,
  active: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
  steps: z
    .array(workflowStepRequestSchema, { required_error: 'is required', invalid_type_error: 'must be an array' })
    .max(CONTRACT_LIMITS.maxWorkflowSteps, `must list at most ${CONTRACT_LIMITS.maxWorkflowSteps} steps`),
  preferences: z
    .object({ user: preferenceDocSchema.nullable().optional(), workflow: preferenceDocSchema.nullable().optional() })
    .optional(),
};

/** `POST /v2/workflows`. Unknown top-level keys the SDK sends (`__source`, `origin`, `agent`) are ignored. */
export const createWorkflowBodySchema = z.object({ ...definitionFields, workflowId: workflowIdentifier });
export type CreateWorkflowBody = z.output<typeof createWorkflowBodySchema>;

/** `PUT /v2/workflows/:workflowId`: the whole definition; `workflowId`, when sent, must not change. */
export const updateWorkflowBodySchema = z.object({ ...definitionFields, workflowId: workflowIdentifier.optional() });
export type UpdateWorkflowBody = z.output<typeof updateWorkflowBodySchema>;

/** `PATCH /v2/workflows/:workflowId`: top-level fields only, as in Novu. */
export const patchWorkflowBodySchema = z.object({
  ...optionalFields,
  name: name.optional(),
  active: z.boolean({ invalid_type_error: 'must be a boolean' }).optional(),
});
export type PatchWorkflowBody = z.output<typeof patchWorkflowBodySchema>;

/** `GET /v2/workflows` query (Novu's names). */
export const listWorkflowsQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(10),
  offset: z.coerce.number().int('must be an integer').min(0, 'must be at least 0').default(0),
  orderBy: z.enum(['createdAt', 'updatedAt', 'name']).default('createdAt'),
  orderDirection: z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(['ASC', 'DESC']))
    .default('DESC'),
  query: z.string().max(255, 'must be at most 255 characters').optional(),
  tags: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .optional(),
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(['ACTIVE', 'INACTIVE', 'ERROR'])))
    .optional(),
});
export type ListWorkflowsQuery = z.output<typeof listWorkflowsQuerySchema>;
