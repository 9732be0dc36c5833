import { FastifyAdapter } from '@nestjs/platform-fastify';

import { answerClientError, answerFrameworkError } from './framework-errors';

/**
 * The gateway's HTTP server: Fastify under Nest (the trigger route's per-request cost was
 * dominated by Express' router and response helpers; see docs/decisions/0014). Routing is kept
 * Express-like — trailing slashes and letter case do not matter — and path parameters may be as
 * long as a transactionId (255) and more. No Express-style middleware is used, so middie is not
 * registered. What Fastify and Node refuse before Nest sees a request (an undecodable URL, a header
 * with control characters) is answered in the gateway's error shape too (`framework-errors.ts`).
 */
export function createGatewayHttpAdapter(options: { trustedProxies: string }): FastifyAdapter {
  const trustedProxies = options.trustedProxies
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return new FastifyAdapter({
    // request.ip believes X-Forwarded-For only from these (the failed-authentication limit keys on it).
    trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
    logger: false,
    skipMiddie: true,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 2048 },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
}
