import { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

import { buildOpenApiDocument, OpenApiDocumentOptions } from './openapi.document';
import { registerSwaggerUi } from './swagger-ui.routes';

/** The document's title and description. */
export const HERALD_API_INFO = {
  title: 'Herald API',
  description:
    'Open-source notification infrastructure serving Novu’s API routes listed in docs/NOVU-COMPATIBILITY.md. Authenticate with `Authorization: ApiKey <key>`.',
};

/**
 * OpenAPI document at `/openapi.json` and Swagger UI at `/docs`, generated from the routes and
 * their zod schemas on the first request (not at start-up, which keeps boots — and test suites —
 * fast).
 */
export function setUpOpenApi(
  app: INestApplication,
  options: Pick<OpenApiDocumentOptions, 'apiKeyGuard' | 'inboxTokenGuard'>,
): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  let document: object | undefined;
  fastify.get('/openapi.json', async (_request, reply) => {
    document ??= buildOpenApiDocument(app, {
      ...HERALD_API_INFO,
      apiKeyGuard: options.apiKeyGuard,
      inboxTokenGuard: options.inboxTokenGuard,
    });
    return reply.type('application/json; charset=utf-8').send(document);
  });
  registerSwaggerUi(fastify, { uiPath: 'docs', documentPath: 'openapi.json', title: HERALD_API_INFO.title });
}
