import { CONTRACT_LIMITS, SubscriberRef, subscriberRefSchema, TopicRef, topicRefSchema } from '@herald/contracts';
import type { FieldIssue } from '../../../pipeline/validation/validate-with.decorator';
import { zodFieldIssues } from '../../../pipeline/validation/zod-field-issues';

/** What one recipient of the client's `to` turned out to be. */
export type RecipientInput =
  | { kind: 'subscriber'; ref: SubscriberRef }
  | { kind: 'topic'; ref: TopicRef }
  /** Well-formed but naming nobody (blank subscriberId or topicKey): dropped, not an error. */
  | { kind: 'unusable' }
  | { kind: 'malformed'; issues: FieldIssue[] };

const PLACEHOLDER_ID = 'unusable';

/** True for a string with nothing but whitespace in it. */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}

/**
 * Reads one recipient as Novu clients send it: a subscriberId string, a subscriber object
 * (`{subscriberId, email?, …}`) or a topic (`{type: "Topic", topicKey, exclude?}`). Field limits
 * are the contract's, so what passes here is what `trigger.requested.v1` accepts. Unknown fields
 * are dropped.
 */
export function readRecipient(value: unknown, path: string): RecipientInput {
  if (typeof value === 'string') {
    if (isBlank(value)) return { kind: 'unusable' };
    // What subscriberRefSchema makes of a bare id within the limit, without parsing it (the common case).
    if (value.length <= CONTRACT_LIMITS.maxIdLength) return { kind: 'subscriber', ref: { type: 'Subscriber', subscriberId: value } };
    return readSubscriber({ subscriberId: value }, path);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return malformed(path, 'must be a subscriberId string, a subscriber object or a topic object ({"type": "Topic", "topicKey": …})', value);
  }
  const record = value as Record<string, unknown>;
  if (record.type === 'Topic') return readTopic(record, path);
  if (record.type !== undefined && record.type !== 'Subscriber') return malformed(`${path}.type`, 'must be "Subscriber" or "Topic"', record.type);
  return readSubscriber(record, path);
}

/** Reads the actor: a subscriberId string or a subscriber object; it must name someone. */
export function readActor(value: unknown, path = 'actor'): { ref: SubscriberRef } | { issues: FieldIssue[] } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).type === 'Topic') {
    return { issues: [{ path: `${path}.type`, message: 'an actor is a subscriber, not a topic', value: 'Topic' }] };
  }
  const input = readRecipient(value, path);
  if (input.kind === 'subscriber') return { ref: input.ref };
  if (input.kind === 'malformed') return { issues: input.issues };
  return { issues: [{ path, message: 'must name a subscriber (a non-blank subscriberId)', value }] };
}

function readSubscriber(record: Record<string, unknown>, path: string): RecipientInput {
  const { subscriberId } = record;
  if (subscriberId === undefined) return malformed(`${path}.subscriberId`, 'is required (a topic needs "type": "Topic")', undefined);
  const unusable = typeof subscriberId === 'string' && isBlank(subscriberId);
  const parsed = subscriberRefSchema.safeParse({ ...record, type: 'Subscriber', subscriberId: unusable ? PLACEHOLDER_ID : subscriberId });
  if (!parsed.success) return { kind: 'malformed', issues: zodFieldIssues(parsed.error, record, path) };
  return unusable ? { kind: 'unusable' } : { kind: 'subscriber', ref: parsed.data };
}

function readTopic(record: Record<string, unknown>, path: string): RecipientInput {
  const { topicKey } = record;
  const unusable = typeof topicKey === 'string' && isBlank(topicKey);
  const parsed = topicRefSchema.safeParse({ ...record, topicKey: unusable ? PLACEHOLDER_ID : topicKey });
  if (!parsed.success) return { kind: 'malformed', issues: zodFieldIssues(parsed.error, record, path) };
  return unusable ? { kind: 'unusable' } : { kind: 'topic', ref: parsed.data };
}

function malformed(path: string, message: string, value: unknown): RecipientInput {
  return { kind: 'malformed', issues: [{ path, message, value }] };
}

/** Most recipients one trigger may name (Novu: 100). */
export const MAX_RECIPIENTS = CONTRACT_LIMITS.maxRecipients;

/** `ValidateWith` check for `actor`. */
export function checkActor(value: unknown, path = 'actor'): FieldIssue[] {
  const result = readActor(value, path);
  return 'issues' in result ? result.issues : [];
}
