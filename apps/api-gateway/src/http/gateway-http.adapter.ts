import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * The gateway's HTTP server: Fastify under Nest (the trigger route's per-request cost was
 * dominated by Express' router and response helpers; see docs/decisions/0014). Routing is kept
 * Express-like — trailing slashes and letter case do not matter — and path parameters may be as
 * long as a transactionId (255) and more. No Express-style middleware is used, so middie is not
 * registered.
 */
export function createGatewayHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    skipMiddie: true,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
  });
}
