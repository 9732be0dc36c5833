import {
  CONTRACT_LIMITS,
  ContractMessage,
  createContractMessage,
  createEnvelope,
  TRIGGER_REQUESTED_V1,
  TriggerRequestedData,
  WorkflowSnapshot,
  workflowSnapshotSchema,
} from '@herald/contracts';

/** `trigger.requested.v1` as the publisher sends it. */
export type TriggerRequestedMessage = ContractMessage<typeof TRIGGER_REQUESTED_V1>;

const MAX_ID = CONTRACT_LIMITS.maxIdLength;
const DATA_KEYS = new Set([
  'kind',
  'organizationId',
  'environmentId',
  'workflow',
  'to',
  'payload',
  'overrides',
  'transactionId',
  'actor',
  'tenant',
  'context',
  'attachments',
  'requestedAt',
  'idempotencyKey',
]);
/** Optional subscriber text fields and their limits (subscriberRefSchema). */
const SUBSCRIBER_TEXT: Readonly<Record<string, number>> = {
  email: 320,
  phone: 64,
  firstName: 255,
  lastName: 255,
  avatar: 2048,
  locale: 35,
  timezone: 64,
};
/** `Date#toISOString()`, which is all the gateway ever puts in `requestedAt`. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isBounded = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;

/** What `z.record(z.string(), z.unknown())` accepts of parsed JSON: a plain object. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasOnlyKeys(record: Record<string, unknown>, allowed: (key: string) => boolean): boolean {
  for (const key of Object.keys(record)) if (!allowed(key)) return false;
  return true;
}

function isPlainSubscriber(value: unknown): boolean {
  if (!isRecord(value) || value.type !== 'Subscriber' || !isBounded(value.subscriberId, MAX_ID)) return false;
  return hasOnlyKeys(value, (key) => {
    if (key === 'type' || key === 'subscriberId') return true;
    const field = value[key];
    if (key === 'data') return field === undefined || field === null || isRecord(field);
    const max = SUBSCRIBER_TEXT[key];
    return (
      max !== undefined && (field === undefined || field === null || (typeof field === 'string' && field.length <= max))
    );
  });
}

function isPlainTopic(value: unknown): boolean {
  if (!isRecord(value) || value.type !== 'Topic' || !isBounded(value.topicKey, MAX_ID)) return false;
  const { exclude } = value;
  const excludeOk =
    exclude === undefined ||
    (Array.isArray(exclude) &&
      exclude.length <= CONTRACT_LIMITS.maxTopicExcludes &&
      exclude.every((id) => isBounded(id, MAX_ID)));
  return excludeOk && hasOnlyKeys(value, (key) => key === 'type' || key === 'topicKey' || key === 'exclude');
}

function isPlainTenant(value: unknown): boolean {
  if (!isRecord(value) || !isBounded(value.identifier, MAX_ID)) return false;
  return hasOnlyKeys(value, (key) => {
    if (key === 'identifier') return true;
    if (key === 'name') return value.name === undefined || isBounded(value.name, CONTRACT_LIMITS.maxNameLength);
    return key === 'data' && (value.data === undefined || isRecord(value.data));
  });
}

/** `to` within its limits, no recipient named twice, as many as the kind needs. */
function hasPlainRecipients(data: TriggerRequestedData): boolean {
  const to: unknown = data.to;
  if (!Array.isArray(to) || to.length > CONTRACT_LIMITS.maxRecipients) return false;
  if (data.kind === 'trigger' ? to.length === 0 : to.length > 0) return false;
  const seen = new Set<string>();
  for (const recipient of to) {
    let key: string;
    if (isPlainSubscriber(recipient)) key = `s:${(recipient as { subscriberId: string }).subscriberId}`;
    else if (isPlainTopic(recipient)) key = `t:${(recipient as { topicKey: string }).topicKey}`;
    else return false;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

function payloadFits(payload: Record<string, unknown>, knownBytes: number | undefined): boolean {
  if (knownBytes !== undefined) return knownBytes <= CONTRACT_LIMITS.maxPayloadBytes;
  try {
    return Buffer.byteLength(JSON.stringify(payload), 'utf8') <= CONTRACT_LIMITS.maxPayloadBytes;
  } catch {
    return false;
  }
}

/**
 * True when `data` certainly satisfies `triggerRequestedDataSchema` — given a workflow snapshot
 * that already did — and zod would hand it back unchanged: plain recipients, actor and tenant (no
 * channel credentials), no attachments, every limit kept. It may say false for valid data (zod
 * then decides), never true for invalid data; a spec holds it to that against the schema.
 * `payloadBytes`, when given, is the UTF-8 size of `JSON.stringify(data.payload)`.
 */
export function isCertainlyValidTriggerData(
  data: TriggerRequestedData,
  workflow: WorkflowSnapshot,
  payloadBytes?: number,
): boolean {
  return (
    hasOnlyKeys(data, (key) => DATA_KEYS.has(key)) &&
    (data.kind === 'trigger' || data.kind === 'broadcast') &&
    isBounded(data.organizationId, MAX_ID) &&
    isBounded(data.environmentId, MAX_ID) &&
    isBounded(data.transactionId, CONTRACT_LIMITS.maxTransactionIdLength) &&
    (data.idempotencyKey === undefined || isBounded(data.idempotencyKey, CONTRACT_LIMITS.maxIdempotencyKeyLength)) &&
    typeof data.requestedAt === 'string' &&
    ISO_INSTANT.test(data.requestedAt) &&
    Array.isArray(data.attachments) &&
    data.attachments.length === 0 &&
    // `overrides.delay` is range-checked by the schema (decision 0029): zod decides.
    isRecord(data.overrides) &&
    data.overrides.delay === undefined &&
    (data.context === undefined || isRecord(data.context)) &&
    (data.actor === undefined || isPlainSubscriber(data.actor)) &&
    (data.tenant === undefined || isPlainTenant(data.tenant)) &&
    workflow.active &&
    workflow.steps.some((step) => step.active) &&
    hasPlainRecipients(data) &&
    isRecord(data.payload) &&
    payloadFits(data.payload, payloadBytes)
  );
}

/**
 * Builds `trigger.requested.v1` for the gateway's publisher. The contract's zod schema costs more
 * per trigger than the rest of the route's own logic, mostly re-checking parts that were validated
 * already: so the workflow snapshot — the same cached object for every trigger of that workflow
 * version — is validated once, and data that `isCertainlyValidTriggerData` vouches for is wrapped
 * as it is. Anything else goes through `createContractMessage`, which throws the
 * `ContractViolationError` the route turns into a 422.
 */
export class TriggerMessageBuilder {
  private readonly validatedWorkflows = new WeakMap<WorkflowSnapshot, WorkflowSnapshot>();

  /** `payloadBytes`: the UTF-8 size of `JSON.stringify(data.payload)`, when the caller measured it. */
  build(data: TriggerRequestedData, payloadBytes?: number): TriggerRequestedMessage {
    const workflow = this.validatedWorkflow(data.workflow);
    if (workflow && isCertainlyValidTriggerData(data, workflow, payloadBytes)) {
      const valid: TriggerRequestedData = { ...data, workflow };
      return { ...createEnvelope(TRIGGER_REQUESTED_V1, valid.environmentId, valid), type: TRIGGER_REQUESTED_V1 };
    }
    return createContractMessage(TRIGGER_REQUESTED_V1, data);
  }

  /** The snapshot as the schema returns it, parsed once per snapshot object; undefined when invalid. */
  private validatedWorkflow(snapshot: WorkflowSnapshot): WorkflowSnapshot | undefined {
    let valid = this.validatedWorkflows.get(snapshot);
    if (!valid) {
      const parsed = workflowSnapshotSchema.safeParse(snapshot);
      if (!parsed.success) return undefined;
      valid = parsed.data;
      this.validatedWorkflows.set(snapshot, valid);
    }
    return valid;
  }
}
