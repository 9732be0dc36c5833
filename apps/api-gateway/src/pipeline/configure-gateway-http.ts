import type { ServiceAppOptions } from '@herald/observability';
import { MetricsRegistry } from '@herald/observability';
import { INestApplication } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';

import { GATEWAY_CONFIG, GatewayConfig } from '../core/config/gateway.config';
import { registerConsole } from '../core/console/console.routes';
import { setUpOpenApi } from '../core/openapi/openapi.setup';
import { ApiKeyGuard } from './authentication/api-key.guard';
import { registerAuthenticationFirst } from './authentication/authenticate-first.hook';
import { InboxTokenGuard } from './authentication/inbox-token.guard';
import { registerJsonBodyParser } from './body/json-body.parser';
import { registerNulCharacterGuard } from './body/nul-character.hook';
import { isOperatorRoute, registerAdminListener } from './http/admin-listener';
import { answerUnmetExpectations } from './http/framework-errors';
import { createGatewayHttpAdapter } from './http/gateway-http.adapter';
import { registerIdempotencyKeyEcho } from './idempotency/idempotency-key-echo.hook';
import { IdempotencyLeases } from './idempotency/idempotency-leases';

/**
 * HTTP setup shared by main.ts and the tests, so tests exercise exactly what production serves
 * (adapter, body limits, parsers, filters, OpenAPI). Must run before `app.listen()`/`app.init()`.
 */
export function configureGatewayHttp(app: INestApplication): void {
  const config = app.get<GatewayConfig>(GATEWAY_CONFIG);
  const fastify: FastifyInstance = app.getHttpAdapter().getInstance();
  app.enableCors({
    // Spelled out: @fastify/cors allows only GET, HEAD and POST by default.
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: [
      'Idempotency-Key',
      'Idempotency-Replay',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'RateLimit-Policy',
      'Retry-After',
    ],
  });
  // Declared up front so every request object has the same shape (the API-key guard sets it).
  fastify.decorateRequest('environment', null);
  // /admin and /metrics only on the operator listener (ADMIN_HTTP_PORT), never on the public port.
  registerAdminListener(fastify, { port: config.ADMIN_HTTP_PORT, host: config.ADMIN_HTTP_HOST });
  registerIdempotencyKeyEcho(fastify);
  fastify.server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  registerAuthenticationFirst(app, fastify);
  const parsed = new Counter({
    name: 'gateway_request_bodies_parsed_total',
    help: 'Request bodies handed to the JSON parser (an unauthenticated request never gets here)',
    registers: [app.get(MetricsRegistry).registry],
  });
  registerJsonBodyParser(fastify, {
    limitFor: (request) => (isTriggerRoute(request) ? config.MAX_BODY_BYTES : config.CONTROL_PLANE_MAX_BODY_BYTES),
    largestLimitBytes: Math.max(config.MAX_BODY_BYTES, config.CONTROL_PLANE_MAX_BODY_BYTES),
    onParse: () => parsed.inc(),
  });
  registerNulCharacterGuard(fastify);
  answerUnmetExpectations(fastify.server);
  app.get(IdempotencyLeases).settleOnSend(fastify);
  setUpOpenApi(app, { apiKeyGuard: ApiKeyGuard, inboxTokenGuard: InboxTokenGuard, isOperatorRoute });
  registerConsole(fastify, { enabled: config.CONSOLE_ENABLED });
}

/** The trigger routes keep MAX_BODY_BYTES (base64 attachments); every other route has a much smaller limit. */
function isTriggerRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url?.toLowerCase().startsWith('/v1/events/trigger') === true;
}

/** How the gateway's Nest application is built: Fastify, our body parser only, our HTTP setup. */
export function gatewayHttp(
  config: Pick<GatewayConfig, 'TRUSTED_PROXIES'>,
): Pick<ServiceAppOptions, 'httpAdapter' | 'bodyParser' | 'configure'> {
  return {
    httpAdapter: () => createGatewayHttpAdapter({ trustedProxies: config.TRUSTED_PROXIES }),
    bodyParser: false,
    configure: configureGatewayHttp,
  };
}
