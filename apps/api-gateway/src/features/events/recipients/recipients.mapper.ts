import type { Recipient, SubscriberRef, TopicRef } from '@herald/contracts';

import type { FieldIssue } from '../../../core/errors/field-errors';
import { MAX_RECIPIENTS, readRecipient } from './subscriber-input';

const MAX_REPORTED_ISSUES = 20;

/** The client's `to` after mapping: normalised, de-duplicated, unusable entries dropped. */
export interface MappedRecipients {
  recipients: Recipient[];
  /** Entries dropped because they name nobody (blank ids). */
  dropped: number;
}

function entriesOf(to: unknown): unknown[] {
  return Array.isArray(to) ? to : [to];
}

/**
 * Every way the client's `to` breaks the request schema (a 422): missing, a wrong type, more than
 * 100 entries, a malformed entry. Well-formed entries that name nobody are not issues: the mapper
 * drops them. Paths are below `to` (`[2, 'email']`).
 */
export function checkRecipients(to: unknown): FieldIssue[] {
  if (to === undefined || to === null) return [{ path: [], message: 'is required' }];
  if (Array.isArray(to) && to.length > MAX_RECIPIENTS) {
    return [{ path: [], message: `must list at most ${MAX_RECIPIENTS} recipients (got ${to.length})` }];
  }
  const issues: FieldIssue[] = [];
  entriesOf(to).forEach((entry, index) => {
    const input = readRecipient(entry);
    if (input.kind !== 'malformed') return;
    for (const issue of input.issues) {
      issues.push(Array.isArray(to) ? { ...issue, path: [index, ...issue.path] } : issue);
    }
  });
  return issues.slice(0, MAX_REPORTED_ISSUES);
}

/**
 * Maps a `to` that passed `checkRecipients` to the contract's recipients: strings become
 * subscriber refs; a subscriber named twice is merged (later fields win, first position kept);
 * a topic named twice keeps only the subscribers both occurrences exclude (the union of its
 * recipients); blank ids are dropped.
 */
export function mapRecipients(to: unknown): MappedRecipients {
  const subscribers = new Map<string, SubscriberRef>();
  const topics = new Map<string, TopicRef>();
  const order: { kind: 'subscriber' | 'topic'; key: string }[] = [];
  let dropped = 0;
  for (const entry of entriesOf(to)) {
    const input = readRecipient(entry);
    if (input.kind === 'unusable' || input.kind === 'malformed') {
      dropped += 1;
      continue;
    }
    if (input.kind === 'subscriber') {
      const previous = subscribers.get(input.ref.subscriberId);
      if (!previous) order.push({ kind: 'subscriber', key: input.ref.subscriberId });
      subscribers.set(input.ref.subscriberId, previous ? mergeSubscriber(previous, input.ref) : input.ref);
    } else {
      const previous = topics.get(input.ref.topicKey);
      if (!previous) order.push({ kind: 'topic', key: input.ref.topicKey });
      topics.set(input.ref.topicKey, previous ? mergeTopic(previous, input.ref) : input.ref);
    }
  }
  const recipients = order.map(({ kind, key }) => (kind === 'subscriber' ? subscribers.get(key)! : topics.get(key)!));
  return { recipients, dropped };
}

function mergeSubscriber(first: SubscriberRef, later: SubscriberRef): SubscriberRef {
  const merged: SubscriberRef = { ...first };
  for (const [field, value] of Object.entries(later) as [keyof SubscriberRef, unknown][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
  }
  return merged;
}

function mergeTopic(first: TopicRef, later: TopicRef): TopicRef {
  // (topic − A) ∪ (topic − B) = topic − (A ∩ B); no exclude on either side means nobody is excluded.
  if (!first.exclude || !later.exclude) return { type: 'Topic', topicKey: first.topicKey };
  const kept = new Set(later.exclude);
  return { type: 'Topic', topicKey: first.topicKey, exclude: first.exclude.filter((id) => kept.has(id)) };
}
