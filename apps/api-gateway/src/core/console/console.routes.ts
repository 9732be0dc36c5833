import { createReadStream } from 'node:fs';

import type { FastifyInstance, FastifyReply } from 'fastify';

import { consoleAssetsDirectory, listConsoleAssets } from './console-assets';
import {
  ADMIN_CONSOLE_PATH,
  CONSOLE_PATH,
  consoleContentSecurityPolicy,
  consolePage,
  newStyleNonce,
} from './console-page';

/** Headers of every console response. */
function hardened(reply: FastifyReply): FastifyReply {
  return reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Frame-Options', 'DENY');
}

/**
 * The web console (decision 0038) without `@fastify/static`: the page at `/console` and every path
 * below it (the console routes in the browser), and the bundle's files at `/console/assets/<name>`;
 * the same page and files at `/admin/console`, which the operator listener alone serves (every
 * `/admin` route is refused on the public port), where the bundle shows the operator views.
 * Disabled, nothing is registered: both are unknown routes (404).
 */
export function registerConsole(
  fastify: FastifyInstance,
  options: { enabled: boolean; assetsDirectory?: string },
): void {
  if (!options.enabled) return;
  const directory = options.assetsDirectory ?? consoleAssetsDirectory();
  let assets = listConsoleAssets(directory);

  for (const base of [CONSOLE_PATH, ADMIN_CONSOLE_PATH]) {
    const page = async (_request: unknown, reply: FastifyReply) => {
      const nonce = newStyleNonce();
      return hardened(reply)
        .type('text/html; charset=utf-8')
        .header('Content-Security-Policy', consoleContentSecurityPolicy(nonce))
        .header('Cache-Control', 'no-store')
        .send(consolePage(nonce, base));
    };
    fastify.get(base, page);
    fastify.get(`${base}/*`, page);
    fastify.get<{ Params: { name: string } }>(`${base}/assets/:name`, async (request, reply) => {
      // A build after start-up (npm start rebuilds) brings files the first listing did not see.
      if (!assets.has(request.params.name)) assets = listConsoleAssets(directory);
      const asset = assets.get(request.params.name);
      if (!asset)
        return hardened(reply)
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('Not found: build the console with `node tools/build.js`.');
      return hardened(reply).type(asset.type).header('Cache-Control', 'no-cache').send(createReadStream(asset.file));
    });
  }
}
