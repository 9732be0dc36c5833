import { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

import { buildOpenApiDocument, OpenApiDocumentOptions } from './openapi.document';
import { registerSwaggerUi } from './swagger-ui.routes';

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
      title: 'Herald API',
      description:
        'Open-source notification infrastructure, wire-compatible with Novu’s v1 API. Authenticate with `Authorization: ApiKey <key>`.',
      apiKeyGuard: options.apiKeyGuard,
      inboxTokenGuard: options.inboxTokenGuard,
    });
    return reply.type('application/json; charset=utf-8').send(document);
  });
  registerSwaggerUi(fastify, { uiPath: 'docs', documentPath: 'openapi.json', title: 'Herald API' });
}
