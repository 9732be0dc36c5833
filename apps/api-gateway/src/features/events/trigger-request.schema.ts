import { CONTRACT_LIMITS, subscriberRefSchema, tenantRefSchema, topicRefSchema } from '@herald/contracts';

import { schemaRef, z } from '../../core/openapi/openapi-zod';
import { checkOverrides } from './overrides-input';
import { checkRecipients } from './recipients/recipients.mapper';
import { checkActor } from './recipients/subscriber-input';
import { checkTenant } from './tenant-input';
import {
  checkedBy,
  isArray,
  isNotEmpty,
  isObject,
  isSafeIdentifier,
  isString,
  maxItems,
  maxLength,
  minItems,
  ruled,
} from './trigger-fields';

/** Events in one bulk request. */
export const MAX_BULK_EVENTS = 100;

const { maxIdLength, maxTransactionIdLength, maxRecipients, maxPayloadBytes } = CONTRACT_LIMITS;

/** The recipient shapes, documented from the contract's own schemas. */
export const triggerDocumentModels = {
  SubscriberPayloadDto: subscriberRefSchema.omit({ type: true }),
  TopicPayloadDto: topicRefSchema,
  TenantPayloadDto: tenantRefSchema,
};
const subscriberOrTopic = [
  { type: 'string' as const },
  schemaRef('SubscriberPayloadDto'),
  schemaRef('TopicPayloadDto'),
];

const objectField = (property: string, description: string) =>
  ruled<Record<string, unknown> | undefined>(property, [isObject], { optional: true }).openapi({
    type: 'object',
    additionalProperties: true,
    description,
  });

/** The fields of a trigger, a bulk item and a broadcast: one definition of each. */
const fields = {
  name: ruled<string>('name', [isString, isNotEmpty, maxLength(maxIdLength), isSafeIdentifier]).openapi({
    type: 'string',
    description: 'The workflow identifier (`workflowId`) to trigger',
    example: 'workflow_identifier',
    maxLength: maxIdLength,
  }),
  payload: objectField(
    'payload',
    `Data for templates and step conditions; at most ${maxPayloadBytes / 1024} KB serialized (attachments excluded)`,
  ),
  overrides: checkedBy<Record<string, unknown> | undefined>(checkOverrides, { optional: true }).openapi({
    type: 'object',
    additionalProperties: true,
    description: 'Provider and step overrides; `email.headers` and in-app links are checked (decision 0028)',
  }),
  transactionId: ruled<string | undefined>(
    'transactionId',
    [isString, isNotEmpty, maxLength(maxTransactionIdLength), isSafeIdentifier],
    { optional: true },
  ).openapi({
    type: 'string',
    description: 'Trace, cancel and de-duplication handle; derived from the Idempotency-Key when absent',
    maxLength: maxTransactionIdLength,
  }),
  actor: checkedBy(checkActor, { optional: true }).openapi({
    description: 'The subscriber on whose behalf the notification is sent',
    oneOf: [{ type: 'string' }, schemaRef('SubscriberPayloadDto')],
  }),
  tenant: checkedBy(checkTenant, { optional: true }).openapi({
    description: 'Tenant identifier, or an object that updates the existing tenant',
    oneOf: [{ type: 'string' }, schemaRef('TenantPayloadDto')],
  }),
  context: objectField('context', 'Context the workflow runs in (e.g. {"key": "org-acme"})'),
};

/** `POST /v1/events/trigger` (and each item of `/bulk`). */
export const triggerEventRequestSchema = z
  .object({
    ...fields,
    to: checkedBy(checkRecipients).openapi({
      description: `Recipients: a subscriberId, a subscriber object, a topic, or an array of them (at most ${maxRecipients})`,
      oneOf: [...subscriberOrTopic, { type: 'array', maxItems: maxRecipients, items: { oneOf: subscriberOrTopic } }],
    }),
  })
  .openapi('TriggerEventRequestDto');
export type TriggerEventRequest = z.infer<typeof triggerEventRequestSchema>;

/** `POST /v1/events/trigger/broadcast`: every subscriber of the environment (fan-out in the worker). */
export const triggerEventToAllRequestSchema = z.object(fields).openapi('TriggerEventToAllRequestDto');
export type TriggerEventToAllRequest = z.infer<typeof triggerEventToAllRequestSchema>;

/**
 * `POST /v1/events/trigger/bulk`. The items are validated one by one by the use case, so a bad
 * event gets `status: "error"` in its result instead of failing the whole request.
 */
export const bulkTriggerEventSchema = z
  .object({
    events: ruled<unknown[]>('events', [maxItems(MAX_BULK_EVENTS), minItems(1), isArray]).openapi({
      type: 'array',
      items: schemaRef('TriggerEventRequestDto'),
      minItems: 1,
      maxItems: MAX_BULK_EVENTS,
    }),
  })
  .openapi('BulkTriggerEventDto');
export type BulkTriggerEvent = z.infer<typeof bulkTriggerEventSchema>;

/** A well-sized `events` array: the items are checked one by one anyway, so nothing else need run. */
export const isCertainlyValidBulk = (value: Record<string, unknown>): boolean =>
  Array.isArray(value.events) && value.events.length >= 1 && value.events.length <= MAX_BULK_EVENTS;
