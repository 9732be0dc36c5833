import type { IncomingHttpHeaders } from 'node:http';

import { CONTRACT_LIMITS } from '@herald/contracts';

/** The request header (any case; Node lower-cases it). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Echoes the key on every response to a keyed request (while idempotency is on for it). */
export const IDEMPOTENCY_KEY_ECHO_HEADER = 'Idempotency-Key';
/** Set to `true` on a replayed response. */
export const IDEMPOTENCY_REPLAY_HEADER = 'Idempotency-Replay';
/** Longest accepted key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = CONTRACT_LIMITS.maxIdempotencyKeyLength;

const KEYED_METHODS = new Set(['POST', 'PATCH']);

/**
 * The idempotency key of a request, if it is one the gateway honours: POST and PATCH only (the
 * Novu SDK sends a key on every call, GET and DELETE included — those are ignored). Empty means
 * none.
 */
export function idempotencyKeyOf(request: { method: string; headers: IncomingHttpHeaders }): string | undefined {
  if (!KEYED_METHODS.has(request.method.toUpperCase())) return undefined;
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
  const key = Array.isArray(raw) ? raw[0] : raw;
  return key ? key : undefined;
}
