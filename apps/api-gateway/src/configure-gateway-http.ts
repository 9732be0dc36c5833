import { INestApplication } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { createIdempotencyKeyEcho } from './idempotency/idempotency-key-echo.middleware';
import { setUpOpenApi } from './openapi/openapi.setup';
import { createJsonBodyParser } from './validation/json-body.parser';
import { RequestValidationPipe } from './validation/request-validation.pipe';

/**
 * HTTP setup shared by main.ts and the tests, so tests exercise exactly what production serves
 * (body limits, parsers, filters, OpenAPI). Must run before `app.listen()`/`app.init()`: the body
 * parser registered here replaces Nest's default one.
 */
export function configureGatewayHttp(app: INestApplication): void {
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  app.enableCors({ exposedHeaders: ['Idempotency-Key', 'Idempotency-Replay', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After'] });
  app.use(createIdempotencyKeyEcho());
  app.use(createJsonBodyParser({ limitBytes: config.MAX_BODY_BYTES }));
  app.useGlobalPipes(new RequestValidationPipe());
  setUpOpenApi(app);
}
