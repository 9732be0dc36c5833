import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Where the operator listener binds (`ADMIN_HTTP_PORT`, `ADMIN_HTTP_HOST`). */
export interface AdminListenerOptions {
  port: number;
  host: string;
}

/** Marks a request that arrived on the operator listener (set before Fastify sees it). */
const ON_ADMIN_LISTENER = Symbol('herald.onAdminListener');
type MarkedRequest = IncomingMessage & { [ON_ADMIN_LISTENER]?: true };

const servers = new WeakMap<FastifyInstance, Server>();

/**
 * Routes that only the operator listener serves: the control plane (`/admin/*`, Bearer
 * OPERATOR_TOKEN) and the Prometheus scrape. Decided on the route Fastify matched, not on the
 * URL, so `/ADMIN/…`, `/%61dmin/…` or a trailing slash reach the same decision. The OpenAPI
 * documents split on the same rule (the public one lists none of these).
 */
export function isOperatorRoute(route: string): boolean {
  return route === '/metrics' || route === '/admin' || route.startsWith('/admin/');
}
/** Served on both listeners: probes may use either port. */
const isHealthRoute = (route: string): boolean => route.startsWith('/health/');

/**
 * Serves `/admin/*` and `/metrics` on a second listener (issue 13: not on the public port) with the
 * same Fastify instance, so they keep every hook, guard, filter and document the public port has.
 * The public port answers 404 for them, exactly as for an unknown route; the operator port answers
 * 404 for everything else but `/health/*`. It listens when the app is ready (`app.listen()` or
 * `app.init()`) and closes with it; it binds 127.0.0.1 unless told otherwise.
 */
export function registerAdminListener(fastify: FastifyInstance, options: AdminListenerOptions): void {
  const [handle] = fastify.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  const server = createServer((req: MarkedRequest, res) => {
    req[ON_ADMIN_LISTENER] = true;
    handle(req, res);
  });
  servers.set(fastify, server);

  fastify.addHook('onRequest', (request: FastifyRequest, reply, done) => {
    const route = (request.routeOptions.url ?? '').toLowerCase();
    const onAdminListener = (request.raw as MarkedRequest)[ON_ADMIN_LISTENER] === true;
    const served = onAdminListener ? isOperatorRoute(route) || isHealthRoute(route) : !isOperatorRoute(route);
    if (served || route === '') done();
    else reply.callNotFound();
  });
  fastify.addHook('onReady', async () => {
    mirrorPublicServer(fastify.server, server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    new Logger('AdminListener').log({ msg: 'operator listener started (/admin, /metrics)', host: options.host, port });
  });
  fastify.addHook('onClose', async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

/** Server-level events the public server answers in the gateway's error shape (malformed requests, `Expect`). */
const SERVER_EVENTS = ['checkContinue', 'checkExpectation', 'clientError'] as const;

/**
 * Gives the operator server what the public one has beyond the request handler — its answers to
 * what Node refuses before Fastify sees a request, and its timeouts — so both ports behave alike.
 * Runs when the app is ready, after every listener has been attached to the public server.
 */
function mirrorPublicServer(from: Server, to: Server): void {
  for (const event of SERVER_EVENTS) {
    for (const listener of from.listeners(event)) to.on(event, listener as (...args: unknown[]) => void);
  }
  to.requestTimeout = from.requestTimeout;
  to.headersTimeout = from.headersTimeout;
  to.keepAliveTimeout = from.keepAliveTimeout;
}

/** `http://<host>:<port>` of the operator listener of a ready gateway (tests; `port: 0` picks one). */
export function adminListenerUrl(fastify: FastifyInstance): string {
  const address = servers.get(fastify)?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error('the operator listener is not listening');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
