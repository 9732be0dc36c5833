import { AUDIENCE_SIZE_MAX_TOPICS, type AudienceSizeResponse, CONTRACT_LIMITS } from '@herald/contracts';

/** Which trigger route's body names the audience: one trigger, a bulk of them, or a broadcast. */
export type AudienceKind = 'recipients' | 'bulk' | 'broadcast';

/**
 * Whom a trigger body names, read before the body is validated (admission runs first): the
 * subscriber recipients (1 each), the topics (their size each, per event they appear in) and
 * whether it is a broadcast. Defensive — a body the schema will refuse still gets a cost — and
 * bounded: past the route's limits (100 events, 100 recipients) the rest is not read, since
 * validation refuses such a body anyway.
 */
export interface AudienceDemand {
  everyone: boolean;
  subscribers: number;
  /** Topic key → how many times (events) it is named. */
  topics: Map<string, number>;
}

const MAX_EVENTS_READ = 100;
const MAX_RECIPIENTS_READ = CONTRACT_LIMITS.maxRecipients;

/** The audience a trigger route's raw body names. */
export function audienceOf(kind: AudienceKind, body: unknown): AudienceDemand {
  const demand: AudienceDemand = { everyone: kind === 'broadcast', subscribers: 0, topics: new Map() };
  if (kind === 'broadcast') return demand;
  const events = kind === 'bulk' ? eventsOf(body) : [body];
  for (const event of events) if (isRecord(event)) addRecipients(demand, event.to);
  return demand;
}

/** True when the demand needs trigger-worker to count (a broadcast, or any topic). */
export function needsCount(demand: AudienceDemand): boolean {
  return demand.everyone || demand.topics.size > 0;
}

/** The topic keys to count, at most what the RPC contract takes. */
export function topicKeysOf(demand: AudienceDemand): string[] {
  return [...demand.topics.keys()].slice(0, AUDIENCE_SIZE_MAX_TOPICS);
}

/**
 * Tokens a demand costs: its subscribers plus, for each topic named, its size per time named (or
 * every subscriber of the environment for a broadcast); at least 1, at most `maxCost`. Without
 * `sizes` (trigger-worker did not answer) the unknown part is charged `unknownCost`.
 */
export function audienceCost(
  demand: AudienceDemand,
  sizes: AudienceSizeResponse | undefined,
  limits: { maxCost: number; unknownCost: number },
): number {
  let cost = demand.subscribers;
  if (needsCount(demand)) {
    if (!sizes || sizes.capped) return clamp(cost + (sizes ? limits.maxCost : limits.unknownCost), limits.maxCost);
    cost += sizes.everyone;
    for (const [key, times] of demand.topics) cost += (sizes.topics[key] ?? 0) * times;
  }
  return clamp(cost, limits.maxCost);
}

function clamp(cost: number, maxCost: number): number {
  return Math.max(1, Math.min(cost, maxCost));
}

function eventsOf(body: unknown): unknown[] {
  const events = isRecord(body) ? body.events : undefined;
  return Array.isArray(events) ? events.slice(0, MAX_EVENTS_READ) : [];
}

function addRecipients(demand: AudienceDemand, to: unknown): void {
  const recipients = Array.isArray(to) ? to.slice(0, MAX_RECIPIENTS_READ) : [to];
  const subscribers = new Set<unknown>();
  const topics = new Set<string>();
  for (const recipient of recipients) {
    if (isRecord(recipient) && recipient.type === 'Topic') {
      if (typeof recipient.topicKey === 'string' && recipient.topicKey.trim() !== '')
        topics.add(recipient.topicKey.slice(0, CONTRACT_LIMITS.maxIdLength));
    } else {
      subscribers.add(isRecord(recipient) ? recipient.subscriberId : recipient);
    }
  }
  demand.subscribers += subscribers.size;
  for (const key of topics) demand.topics.set(key, (demand.topics.get(key) ?? 0) + 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
