import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { registerSwaggerUi } from './swagger-ui.routes';

/** Name of the API-key security scheme routes refer to with `@ApiSecurity`. */
export const API_KEY_SECURITY = 'secretKey';

/**
 * OpenAPI document at `/openapi.json` (and `/openapi.yaml`) and Swagger UI at `/docs`, generated
 * from the DTOs on the first request (not at start-up, which keeps boots — and test suites —
 * fast). The UI is served by `registerSwaggerUi`: Nest's own needs `@fastify/static`.
 */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Herald API')
    .setDescription('Open-source notification infrastructure, wire-compatible with Novu’s v1 API. Authenticate with `Authorization: ApiKey <key>`.')
    .setVersion('1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <key>' }, API_KEY_SECURITY)
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { ui: false, jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  registerSwaggerUi(fastify, { uiPath: 'docs', documentPath: 'openapi.json', title: 'Herald API' });
}
