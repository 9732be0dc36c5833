import {
  CONTRACT_LIMITS,
  identifierRefusal,
  SubscriberRef,
  subscriberRefSchema,
  TopicRef,
  topicRefSchema,
} from '@herald/contracts';

import type { FieldIssue } from '../../../core/errors/field-errors';

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
 * are dropped. Issue paths are below the recipient.
 */
export function readRecipient(value: unknown): RecipientInput {
  if (typeof value === 'string') {
    if (isBlank(value)) return { kind: 'unusable' };
    // What subscriberRefSchema makes of a bare id within the limit, without parsing it (the common case).
    if (value.length <= CONTRACT_LIMITS.maxIdLength && identifierRefusal(value) === undefined) {
      return { kind: 'subscriber', ref: { type: 'Subscriber', subscriberId: value } };
    }
    return readSubscriber({ subscriberId: value });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return malformed(
      [],
      'must be a subscriberId string, a subscriber object or a topic object ({"type": "Topic", "topicKey": …})',
    );
  }
  const record = value as Record<string, unknown>;
  if (record.type === 'Topic') return readTopic(record);
  if (record.type !== undefined && record.type !== 'Subscriber')
    return malformed(['type'], 'must be "Subscriber" or "Topic"');
  return readSubscriber(record);
}

/** Reads the actor: a subscriberId string or a subscriber object; it must name someone. */
export function readActor(value: unknown): { ref: SubscriberRef } | { issues: FieldIssue[] } {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>).type === 'Topic'
  ) {
    return { issues: [{ path: ['type'], message: 'an actor is a subscriber, not a topic' }] };
  }
  const input = readRecipient(value);
  if (input.kind === 'subscriber') return { ref: input.ref };
  if (input.kind === 'malformed') return { issues: input.issues };
  return { issues: [{ path: [], message: 'must name a subscriber (a non-blank subscriberId)' }] };
}

function readSubscriber(record: Record<string, unknown>): RecipientInput {
  const { subscriberId } = record;
  if (subscriberId === undefined) return malformed(['subscriberId'], 'is required (a topic needs "type": "Topic")');
  const unusable = typeof subscriberId === 'string' && isBlank(subscriberId);
  const parsed = subscriberRefSchema.safeParse({
    ...record,
    type: 'Subscriber',
    subscriberId: unusable ? PLACEHOLDER_ID : subscriberId,
  });
  if (!parsed.success) return { kind: 'malformed', issues: parsed.error.issues };
  return unusable ? { kind: 'unusable' } : { kind: 'subscriber', ref: parsed.data };
}

function readTopic(record: Record<string, unknown>): RecipientInput {
  const { topicKey } = record;
  const unusable = typeof topicKey === 'string' && isBlank(topicKey);
  const parsed = topicRefSchema.safeParse({ ...record, topicKey: unusable ? PLACEHOLDER_ID : topicKey });
  if (!parsed.success) return { kind: 'malformed', issues: parsed.error.issues };
  return unusable ? { kind: 'unusable' } : { kind: 'topic', ref: parsed.data };
}

function malformed(path: FieldIssue['path'], message: string): RecipientInput {
  return { kind: 'malformed', issues: [{ path, message }] };
}

/** Most recipients one trigger may name (Novu: 100). */
export const MAX_RECIPIENTS = CONTRACT_LIMITS.maxRecipients;

/** Every way `actor` breaks the request schema; paths are below it. */
export function checkActor(value: unknown): FieldIssue[] {
  const result = readActor(value);
  return 'issues' in result ? result.issues : [];
}
