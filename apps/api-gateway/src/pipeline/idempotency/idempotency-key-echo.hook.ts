import type { FastifyInstance } from 'fastify';

import { IDEMPOTENCY_KEY_ECHO_HEADER, idempotencyKeyOf, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';

/**
 * Echoes `Idempotency-Key` on every response to a keyed request — also on errors raised before a
 * route runs (415, 413, malformed JSON), so the client can always match an answer to its key.
 * An `onRequest` hook: it runs before body parsing, and the reply keeps the header on errors. The
 * admission gate removes it again when idempotency is off for the request's organization.
 */
export function registerIdempotencyKeyEcho(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const key = idempotencyKeyOf(request);
    if (key !== undefined && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH) reply.header(IDEMPOTENCY_KEY_ECHO_HEADER, key);
    done();
  });
}
