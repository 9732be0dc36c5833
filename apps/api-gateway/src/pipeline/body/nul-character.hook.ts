import type { FastifyInstance } from 'fastify';

import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';

/**
 * Refuses a U+0000 in a path or query parameter with a 400 before any route runs: Postgres
 * cannot hold it in `text`, so an id like `%00` would otherwise reach a query and fail there as a
 * 500. A decoded NUL can only come from `%00` in the URL, so other requests pay one substring search.
 */
export function registerNulCharacterGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (!request.url.includes('%00')) return done();
    const field = nulField('path', request.params) ?? nulField('query', request.query);
    if (field === undefined) return done();
    done(
      new GatewayException(
        GatewayErrorCode.ForbiddenCharacter,
        `The ${field.replace(/\..*/, '')} parameter "${field.replace(/^[a-z]+\./, '')}" contains the NUL character (%00)`,
        {
          errors: [{ field, message: 'the NUL character (%00) is not allowed' }],
        },
      ),
    );
  });
}

function nulField(where: 'path' | 'query', values: unknown): string | undefined {
  if (values === null || typeof values !== 'object') return undefined;
  for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
    const strings = Array.isArray(value) ? value : [value];
    if (name.includes('\u0000') || strings.some((item) => typeof item === 'string' && item.includes('\u0000'))) {
      return `${where}.${name.replace(/\u0000/g, '%00')}`;
    }
  }
  return undefined;
}
