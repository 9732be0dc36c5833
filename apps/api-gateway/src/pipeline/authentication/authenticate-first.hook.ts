import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { ApiKeyAuthenticator } from './api-key.authenticator';
import { ApiKeyGuard, AuthenticatedRequest } from './api-key.guard';

/**
 * Checks the API key in Fastify's `onRequest` hook — before the body is read — on every route whose
 * controller or handler uses `ApiKeyGuard`, so an unauthenticated request is refused without its
 * body being buffered or parsed (a 27 MB body of 2.6 million keys used to be parsed first). The
 * routes are read from the same `@UseGuards` metadata Nest enforces, so the two cannot drift; the
 * guard still runs (and authenticates itself if this hook ever missed a route). A refused request
 * that announced a body gets `Connection: close`, so the rest of the body is never read.
 */
export function registerAuthenticationFirst(app: INestApplication, fastify: FastifyInstance): void {
  const protectedRoutes = apiKeyRoutes(app);
  // Per matched route (method + Fastify's route pattern, a bounded set): normalised once, not per request.
  const isProtected = new Map<string, boolean>();
  const authenticator = app.get(ApiKeyAuthenticator);
  fastify.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const matched = `${request.method} ${url}`;
    let guarded = isProtected.get(matched);
    if (guarded === undefined) isProtected.set(matched, (guarded = protectedRoutes.has(routeKey(request.method, url))));
    if (!guarded) return;
    try {
      (request as AuthenticatedRequest).environment = await authenticator.authenticate(request);
    } catch (error) {
      if (announcesBody(request)) reply.header('connection', 'close');
      throw error;
    }
  });
}

/** `METHOD /path` of every route behind ApiKeyGuard, as Fastify names the matched route. */
export function apiKeyRoutes(app: INestApplication): Set<string> {
  const routes = new Set<string>();
  const scanner = app.get(MetadataScanner);
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Type<unknown> | undefined;
    if (!controller) continue;
    const classGuarded = usesApiKeyGuard(controller);
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined || !(classGuarded || usesApiKeyGuard(handler))) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const prefix of prefixes)
        for (const path of asArray(paths)) routes.add(routeKey(method, `/${prefix}/${path}`));
    }
  }
  return routes;
}

function usesApiKeyGuard(target: object): boolean {
  const guards = (Reflect.getMetadata(GUARDS_METADATA, target) ?? []) as unknown[];
  return guards.includes(ApiKeyGuard);
}

const asArray = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

// Fastify answers HEAD from the GET route; routing ignores case and trailing slashes.
function routeKey(method: string, path: string): string {
  const verb = method === 'HEAD' ? 'GET' : method;
  const normalized = path
    .replace(/\/+/g, '/')
    .replace(/(.)\/$/, '$1')
    .toLowerCase();
  return `${verb} ${normalized}`;
}

function announcesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}
