import { z } from 'zod';

import { attachmentRefsSchema } from '../common/attachment.schema';
import { CONTRACT_LIMITS } from '../common/limits';
import {
  boundedString,
  idSchema,
  isoDateTimeSchema,
  jsonRecordSchema,
  transactionIdSchema,
} from '../common/primitives.schema';
import { timeSpanSchema } from '../common/step-controls.schema';
import { type Recipient, recipientSchema, subscriberRefSchema } from '../common/subscriber.schema';
import { tenantRefSchema } from '../common/tenant.schema';
import { workflowSnapshotSchema } from '../common/workflow.schema';

/** Routing key: api-gateway → trigger-worker, one message per accepted trigger (bulk items too). */
export const TRIGGER_REQUESTED_V1 = 'trigger.requested.v1' as const;

/** `trigger` (single or bulk item: the recipients are in `to`) or `broadcast` (every subscriber). */
export const TRIGGER_KINDS = ['trigger', 'broadcast'] as const;
/** One of `TRIGGER_KINDS`. */
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/**
 * The data of `trigger.requested.v1`: a validated trigger, ready for fan-out. Everything the
 * worker needs travels by value (the workflow as validated, the mapped recipients), so a workflow
 * edited after the 201 does not change what this trigger does.
 */
export const triggerRequestedDataSchema = z
  .object({
    kind: z.enum(TRIGGER_KINDS),
    organizationId: idSchema,
    environmentId: idSchema,
    workflow: workflowSnapshotSchema,
    /** Normalised and de-duplicated recipients; empty for a broadcast. */
    to: z
      .array(recipientSchema)
      .max(CONTRACT_LIMITS.maxRecipients, `must list at most ${CONTRACT_LIMITS.maxRecipients} recipients`),
    /** The client's payload; base64 attachments were replaced by `attachments` references. */
    payload: jsonRecordSchema,
    overrides: jsonRecordSchema,
    /** The client's, or derived from the environment and the idempotency key (else random). */
    transactionId: transactionIdSchema,
    actor: subscriberRefSchema.optional(),
    tenant: tenantRefSchema.optional(),
    context: jsonRecordSchema.optional(),
    attachments: attachmentRefsSchema,
    /** When the gateway accepted the request. */
    requestedAt: isoDateTimeSchema,
    idempotencyKey: boundedString(CONTRACT_LIMITS.maxIdempotencyKeyLength).optional(),
  })
  .superRefine((data, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });

    if (data.kind === 'trigger' && data.to.length === 0) issue(['to'], 'a trigger needs at least one recipient');
    if (data.kind === 'broadcast' && data.to.length > 0) {
      issue(['to'], 'a broadcast has no recipients: every subscriber of the environment receives it');
    }
    findDuplicateRecipients(data.to).forEach(({ index, key }) => issue(['to', index], `duplicates ${key}`));
    // The gateway never queues these (it answers trigger_not_active / no_workflow_*): the worker relies on it.
    if (!data.workflow.active) issue(['workflow', 'active'], 'an inactive workflow is never queued');
    if (!data.workflow.steps.some((step) => step.active)) {
      issue(['workflow', 'steps'], 'needs at least one active step');
    }
    // `overrides.delay` replaces a regular delay's span: the same bounds as the step's controls.
    if (data.overrides.delay !== undefined) {
      const delay = timeSpanSchema.safeParse(data.overrides.delay);
      for (const found of delay.success ? [] : delay.error.issues) {
        issue(['overrides', 'delay', ...found.path], found.message);
      }
    }
    const payloadBytes = serializedBytes(data.payload);
    if (payloadBytes === undefined) issue(['payload'], 'must be JSON-serializable');
    else if (payloadBytes > CONTRACT_LIMITS.maxPayloadBytes) {
      issue(['payload'], `must serialize to at most ${CONTRACT_LIMITS.maxPayloadBytes} bytes (got ${payloadBytes})`);
    }
  });
export type TriggerRequestedData = z.infer<typeof triggerRequestedDataSchema>;

function findDuplicateRecipients(to: readonly Recipient[]): { index: number; key: string }[] {
  const seen = new Set<string>();
  const duplicates: { index: number; key: string }[] = [];
  to.forEach((recipient, index) => {
    const key =
      recipient.type === 'Subscriber' ? `subscriberId "${recipient.subscriberId}"` : `topicKey "${recipient.topicKey}"`;
    if (seen.has(key)) duplicates.push({ index, key });
    seen.add(key);
  });
  return duplicates;
}

function serializedBytes(value: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
  } catch {
    return undefined;
  }
}
