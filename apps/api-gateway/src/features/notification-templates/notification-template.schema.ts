import { jsonRecordSchema } from '@herald/contracts';

import { intQuery } from '../../adapters/trigger-worker-rpc/query-params';
import { z } from '../../core/openapi/openapi-zod';

/** Novu's v1 step types Herald maps onto its own (`trigger` and `custom` steps have no counterpart). */
export const V1_STEP_TYPES = ['in_app', 'email', 'sms', 'chat', 'push', 'digest', 'delay'] as const;

const text = z.string({ invalid_type_error: 'must be a string' }).max(100_000);
/** An email's content: HTML, or Novu's block editor's `[{type, content}]`. */
const content = z.union([
  text,
  z.array(z.object({ type: z.string().max(64).optional(), content: text.optional() }).passthrough()).max(200),
]);

/** Novu's `IMessageTemplate` (`step.template`), the fields Herald maps. */
const messageTemplateSchema = z
  .object({
    type: z.enum(V1_STEP_TYPES, { errorMap: () => ({ message: `must be one of ${V1_STEP_TYPES.join(', ')}` }) }),
    name: z.string().max(255).optional(),
    subject: text.optional(),
    title: text.optional(),
    content: content.optional(),
    preheader: text.optional(),
    senderName: text.optional(),
    layoutId: z.string().max(255).nullable().optional(),
    avatar: text.optional(),
    cta: z
      .object({
        data: z.object({ url: text.optional() }).passthrough().optional(),
        action: z
          .object({ buttons: z.array(z.object({ type: z.string().optional(), content: text.optional() })).max(2) })
          .partial()
          .optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/** Novu's `IWorkflowStepMetadata` for delay and digest steps. */
const metadataSchema = z
  .object({
    type: z.string().max(32).optional(),
    amount: z.number().optional(),
    unit: z.string().max(16).optional(),
    digestKey: z.string().max(255).optional(),
    delayPath: z.string().max(255).optional(),
    backoff: z.boolean().optional(),
    backoffAmount: z.number().optional(),
    backoffUnit: z.string().max(16).optional(),
  })
  .passthrough();

/** Novu's `NotificationStepDto`. */
export const v1StepSchema = z
  .object({
    _id: z.string().max(255).optional(),
    name: z.string().max(255).optional(),
    active: z.boolean().optional(),
    template: messageTemplateSchema,
    metadata: metadataSchema.optional(),
  })
  .passthrough();
export type V1Step = z.output<typeof v1StepSchema>;

const channels = ['email', 'sms', 'in_app', 'chat', 'push'] as const;
const preferenceSettings = z.object(Object.fromEntries(channels.map((c) => [c, z.boolean().optional()]))).partial();

const fields = {
  name: z.string({ required_error: 'is required' }).trim().min(1).max(255),
  notificationGroupId: z.string().max(255).optional(),
  tags: z.array(z.string().max(64)).max(16).optional(),
  description: z.string().max(2000).optional(),
  steps: z.array(v1StepSchema).max(100).optional(),
  active: z.boolean().optional(),
  draft: z.boolean().optional(),
  critical: z.boolean().optional(),
  preferenceSettings: preferenceSettings.optional(),
  data: jsonRecordSchema.optional(),
};

/** `POST /v1/notification-templates` (`CreateWorkflowRequestDto`). */
export const createTemplateBodySchema = z.object(fields);
export type CreateTemplateBody = z.output<typeof createTemplateBodySchema>;

/** `PUT /v1/notification-templates/:templateId` (`UpdateWorkflowRequestDto`): every field optional. */
export const updateTemplateBodySchema = z.object({ ...fields, name: fields.name.optional() });
export type UpdateTemplateBody = z.output<typeof updateTemplateBodySchema>;

/** `PUT /v1/notification-templates/:templateId/status`. */
export const templateStatusBodySchema = z.object({
  active: z.boolean({ required_error: 'is required', invalid_type_error: 'must be a boolean' }),
});

/** `GET /v1/notification-templates` (0-based `page`, `limit`). */
export const listTemplatesQuerySchema = z.object({
  page: intQuery(0, 10_000).default(0),
  limit: intQuery(1, 100).default(10),
  query: z.string().max(255).optional(),
});
export type ListTemplatesQuery = z.output<typeof listTemplatesQuerySchema>;

const dateTime = () => z.string().openapi({ format: 'date-time' });

/** A step's message template in Novu's v1 `MessageTemplate` shape. */
const v1MessageTemplateResponseSchema = z.object({
  _id: z.string(),
  type: z.string(),
  name: z.string(),
  content: z.string(),
  subject: z.string().optional(),
  title: z.string().optional(),
  layoutId: z.string().optional(),
  contentType: z.literal('customHtml').optional(),
});

/** A step in Novu's v1 `NotificationStep` shape. */
const v1StepResponseSchema = z.object({
  _id: z.string(),
  _templateId: z.string(),
  uuid: z.string(),
  stepId: z.string(),
  name: z.string(),
  active: z.boolean(),
  shouldStopOnFail: z.boolean(),
  filters: z.array(z.unknown()).max(0),
  template: v1MessageTemplateResponseSchema,
  metadata: z.record(z.string(), z.unknown()).optional(),
  _parentId: z.null(),
  workflowId: z.string(),
});

/** A workflow in Novu's v1 `WorkflowResponse` (`NotificationTemplate`) shape. */
export const notificationTemplateResponseSchema = z
  .object({
    _id: z.string(),
    name: z.string(),
    description: z.string(),
    active: z.boolean(),
    draft: z.boolean(),
    critical: z.boolean(),
    tags: z.array(z.string()),
    preferenceSettings: z.object({
      email: z.boolean(),
      sms: z.boolean(),
      in_app: z.boolean(),
      chat: z.boolean(),
      push: z.boolean(),
    }),
    steps: z.array(v1StepResponseSchema),
    triggers: z.array(
      z.object({
        type: z.literal('event'),
        identifier: z.string(),
        variables: z.array(z.unknown()).max(0),
        subscriberVariables: z.array(z.unknown()).max(0),
      }),
    ),
    _organizationId: z.string(),
    _environmentId: z.string(),
    _creatorId: z.string(),
    _notificationGroupId: z.string(),
    notificationGroup: z.object({
      _id: z.string(),
      name: z.string(),
      _environmentId: z.string(),
      _organizationId: z.string(),
    }),
    deleted: z.literal(false),
    deletedAt: z.string(),
    deletedBy: z.string(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
    workflowId: z.string(),
    slug: z.string(),
    version: z.number().int(),
  })
  .openapi('WorkflowResponse');
export type NotificationTemplateResponse = z.infer<typeof notificationTemplateResponseSchema>;
export type V1StepResponse = z.infer<typeof v1StepResponseSchema>;

export const notificationTemplateEnvelopeSchema = z.object({ data: notificationTemplateResponseSchema });
/** `GET /v1/notification-templates`: a 0-based offset page. */
export const notificationTemplatePageSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  totalCount: z.number().int(),
  data: z.array(notificationTemplateResponseSchema),
});
/** `DELETE /v1/notification-templates/:templateId`. */
export const notificationTemplateDeletedSchema = z.object({ data: z.literal(true) });
