import { z } from '../../core/openapi/openapi-zod';

/** Novu's trigger statuses. */
export const TRIGGER_STATUSES = [
  'error',
  'trigger_not_active',
  'no_workflow_active_steps_defined',
  'no_workflow_steps_defined',
  'processed',
  'no_tenant_found',
  'invalid_recipients',
] as const;
export type TriggerStatus = (typeof TRIGGER_STATUSES)[number];

/** What was queued for a processed trigger. */
const triggerJobDataSchema = z
  .object({
    workflowId: z.string().openapi({ description: 'The workflow identifier' }),
    workflowVersion: z.number().openapi({ description: 'The workflow version the trigger was validated against' }),
    kind: z.enum(['trigger', 'broadcast']),
    recipients: z.number().openapi({ description: 'Recipients after mapping (a topic counts once)' }),
    droppedRecipients: z.number().openapi({ description: 'Recipients dropped because they named nobody' }),
    attachments: z.number(),
  })
  .openapi('TriggerJobDataDto');

/** The result of one trigger (Novu's `TriggerEventResponseDto`); documentation of what the use case returns. */
const triggerEventResponseSchema = z
  .object({
    acknowledged: z.boolean().openapi({ description: 'Whether the trigger was acknowledged' }),
    status: z.enum(TRIGGER_STATUSES),
    error: z.array(z.string()).optional().openapi({ description: 'Why the trigger failed (status "error")' }),
    transactionId: z.string().optional(),
    activityFeedLink: z
      .string()
      .optional()
      .openapi({ description: 'Where to follow the trigger in the activity feed' }),
    jobData: triggerJobDataSchema.optional(),
  })
  .openapi('TriggerEventResponseDto');
export type TriggerEventResponse = z.infer<typeof triggerEventResponseSchema>;

/** `{"data": …}` around a trigger result. */
export const triggerEventResponseEnvelopeSchema = z
  .object({ data: triggerEventResponseSchema })
  .openapi('TriggerEventResponseEnvelopeDto');

/** `{"data": [...]}` around bulk results, one per event in request order. */
export const bulkTriggerEventResponseEnvelopeSchema = z
  .object({ data: z.array(triggerEventResponseSchema) })
  .openapi('BulkTriggerEventResponseEnvelopeDto');
