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

/** The operator document's title and description (`/admin/openapi.json`, operator listener only). */
export const HERALD_OPERATOR_API_INFO = {
  title: 'Herald operator API',
  description:
    'The control plane (`/admin`, `Authorization: Bearer <OPERATOR_TOKEN>`) and the Prometheus scrape, served only on the operator listener (ADMIN_HTTP_PORT).',
};

/** Where the operator listener's own document is served (an `/admin` route, so on that listener only). */
export const OPERATOR_OPENAPI_PATH = '/admin/openapi.json';

/**
 * The public OpenAPI document at `/openapi.json` (Swagger UI at `/docs`) and the operator one at
 * `/admin/openapi.json`, split by `isOperatorRoute` — the rule that decides which listener serves a
 * route — so the public document lists no `/admin` route (decision 0043). Both are generated from
 * the routes and their zod schemas on their first request (not at start-up, which keeps boots — and
 * test suites — fast). The operator document needs no token: it describes routes, holds no data,
 * and only the operator listener answers it.
 */
export function setUpOpenApi(
  app: INestApplication,
  options: Pick<OpenApiDocumentOptions, 'apiKeyGuard' | 'inboxTokenGuard'> & {
    isOperatorRoute: (path: string) => boolean;
  },
): void {
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  const serve = (path: string, info: typeof HERALD_API_INFO, includes: (path: string) => boolean) => {
    let document: object | undefined;
    fastify.get(path, async (_request, reply) => {
      document ??= buildOpenApiDocument(app, {
        ...info,
        apiKeyGuard: options.apiKeyGuard,
        inboxTokenGuard: options.inboxTokenGuard,
        includes,
      });
      return reply.type('application/json; charset=utf-8').send(document);
    });
  };
  serve('/openapi.json', HERALD_API_INFO, (path) => !options.isOperatorRoute(path));
  serve(OPERATOR_OPENAPI_PATH, HERALD_OPERATOR_API_INFO, options.isOperatorRoute);
  registerSwaggerUi(fastify, { uiPath: 'docs', documentPath: 'openapi.json', title: HERALD_API_INFO.title });
}
