import { HeraldHeader, readAttempt } from '../consumer/herald-headers';

/** What `dlq list` shows of one dead letter: never its body. */
export interface DeadLetterSummary {
  messageId?: string;
  type?: string;
  reason: string;
  failedAt?: string;
  /** Failed handler attempts recorded on it. */
  attempts: number;
  originalRoutingKey?: string;
}

/**
 * Summarises a dead letter from its properties. Messages the broker dead-lettered itself (e.g.
 * the delivery limit) have no Herald reason; their `x-first-death-reason` is shown instead.
 */
export function summarizeDeadLetter(properties: {
  messageId?: unknown;
  type?: unknown;
  headers?: Record<string, unknown>;
}): DeadLetterSummary {
  const headers = properties.headers ?? {};
  const heraldReason = headers[HeraldHeader.deathReason];
  const brokerReason = headers['x-first-death-reason'];
  const reason =
    typeof heraldReason === 'string'
      ? heraldReason
      : typeof brokerReason === 'string'
        ? `broker: ${brokerReason}`
        : 'unknown';
  const heraldFailedAt = headers[HeraldHeader.failedAt];
  const routingKey = headers[HeraldHeader.originalRoutingKey];
  return {
    messageId: typeof properties.messageId === 'string' ? properties.messageId : undefined,
    type: typeof properties.type === 'string' ? properties.type : undefined,
    reason,
    failedAt: typeof heraldFailedAt === 'string' ? heraldFailedAt : brokerDeathTime(headers['x-death']),
    attempts: readAttempt(headers),
    originalRoutingKey: typeof routingKey === 'string' ? routingKey : undefined,
  };
}

function brokerDeathTime(xDeath: unknown): string | undefined {
  const time: unknown = Array.isArray(xDeath) ? (xDeath[0] as { time?: unknown } | undefined)?.time : undefined;
  // amqplib decodes AMQP timestamps (seconds) either as a number or as { '!': 'timestamp', value }.
  const seconds =
    typeof time === 'number'
      ? time
      : typeof (time as { value?: unknown } | undefined)?.value === 'number'
        ? (time as { value: number }).value
        : undefined;
  if (time instanceof Date) return time.toISOString();
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}
