/** AMQP headers the messaging lib reads and writes. */
export const HeraldHeader = {
  /** Failed handler attempts so far (absent = 0). */
  attempt: 'x-herald-attempt',
  /** Why the message was dead-lettered. */
  deathReason: 'x-herald-death-reason',
  /** ISO time it was dead-lettered. */
  failedAt: 'x-herald-failed-at',
  /** Routing key it was first published with (retries and dead letters travel by queue name). */
  originalRoutingKey: 'x-herald-original-routing-key',
  /** Exchange it was first published to. */
  originalExchange: 'x-herald-original-exchange',
  /** Message of the last handler error (set on retries). */
  lastError: 'x-herald-last-error',
  /** ISO time of the last `dlq replay`. */
  replayedAt: 'x-herald-replayed-at',
  /** Why a message was quarantined: it crashed its consumer again and again (decision 0030). */
  quarantineReason: 'x-herald-quarantine-reason',
} as const;

/** Headers the broker adds on dead-lettering; they are dropped when we republish ourselves. */
const BROKER_DEATH_HEADERS = [
  'x-death',
  'x-delivery-count',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
];
const MAX_REASON_LENGTH = 1_000;

/** AMQP message headers as amqplib hands them over. */
export type MessageHeaders = Record<string, unknown>;

/** Where a message was first published, kept across retries and dead-lettering. */
export interface MessageOrigin {
  exchange: string;
  routingKey: string;
}

/** Failed attempts recorded on a message (0 for a first delivery or a malformed header). */
export function readAttempt(headers: MessageHeaders | undefined): number {
  const value = Number(headers?.[HeraldHeader.attempt] ?? 0);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** The routing key a message was first published with, whatever queue it travelled through since. */
export function originalRoutingKey(headers: MessageHeaders | undefined, fallback: string): string {
  const value = headers?.[HeraldHeader.originalRoutingKey];
  return typeof value === 'string' ? value : fallback;
}

/** Headers for a republish into a retry tier after `failedAttempts` failed attempts. */
export function buildRetryHeaders(
  headers: MessageHeaders | undefined,
  origin: MessageOrigin,
  failedAttempts: number,
  error: string,
): MessageHeaders {
  return {
    ...withOrigin(withoutBrokerDeathHeaders(headers), origin),
    [HeraldHeader.attempt]: failedAttempts,
    [HeraldHeader.lastError]: truncate(error),
  };
}

/** Headers for a message moved to `<queue>.dead`, with the reason and time. */
export function buildDeadLetterHeaders(
  headers: MessageHeaders | undefined,
  origin: MessageOrigin,
  failedAttempts: number,
  reason: string,
  now: Date,
): MessageHeaders {
  return {
    ...withOrigin(withoutBrokerDeathHeaders(headers), origin),
    [HeraldHeader.attempt]: failedAttempts,
    [HeraldHeader.deathReason]: truncate(reason),
    [HeraldHeader.failedAt]: now.toISOString(),
  };
}

/** Headers for a message quarantined in `<queue>.dead`: a dead letter whose reason says it crashed its consumer. */
export function buildQuarantineHeaders(
  headers: MessageHeaders | undefined,
  origin: MessageOrigin,
  reason: string,
  now: Date,
): MessageHeaders {
  const dead = buildDeadLetterHeaders(headers, origin, readAttempt(headers), reason, now);
  return { ...dead, [HeraldHeader.quarantineReason]: truncate(reason) };
}

/** Headers for a suspect moved to `<queue>.suspect`: broker counts dropped (the lane counts afresh), origin kept. */
export function buildSuspectHeaders(headers: MessageHeaders | undefined, origin: MessageOrigin): MessageHeaders {
  return withOrigin(withoutBrokerDeathHeaders(headers), origin);
}

/** Headers for a dead letter replayed into its work queue: a fresh attempt counter, no death marks. */
export function buildReplayHeaders(headers: MessageHeaders | undefined, now: Date): MessageHeaders {
  const rest = withoutBrokerDeathHeaders(headers);
  delete rest[HeraldHeader.deathReason];
  delete rest[HeraldHeader.failedAt];
  delete rest[HeraldHeader.lastError];
  delete rest[HeraldHeader.quarantineReason];
  return { ...rest, [HeraldHeader.attempt]: 0, [HeraldHeader.replayedAt]: now.toISOString() };
}

function withOrigin(headers: MessageHeaders, origin: MessageOrigin): MessageHeaders {
  // Keep the first origin: a retried message arrives by queue name, not by its routing key.
  return {
    ...headers,
    [HeraldHeader.originalExchange]: headers[HeraldHeader.originalExchange] ?? origin.exchange,
    [HeraldHeader.originalRoutingKey]: headers[HeraldHeader.originalRoutingKey] ?? origin.routingKey,
  };
}

function withoutBrokerDeathHeaders(headers: MessageHeaders | undefined): MessageHeaders {
  const copy: MessageHeaders = { ...headers };
  for (const name of BROKER_DEATH_HEADERS) delete copy[name];
  return copy;
}

function truncate(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
