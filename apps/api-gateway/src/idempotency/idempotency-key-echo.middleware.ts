import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { idempotencyKeyOf, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';

/**
 * Echoes `Idempotency-Key` on every response to a keyed request — also on errors raised before a
 * route runs (415, 413, malformed JSON), so the client can always match an answer to its key.
 */
export function createIdempotencyKeyEcho(): RequestHandler {
  return function idempotencyKeyEcho(request: Request, response: Response, next: NextFunction): void {
    const key = idempotencyKeyOf(request);
    if (key !== undefined && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) response.setHeader('Idempotency-Key', key);
    next();
  };
}
