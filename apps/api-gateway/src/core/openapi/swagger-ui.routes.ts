import { createReadStream } from 'node:fs';
import path from 'node:path';

import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The Swagger UI files served under the UI's path, with their media types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

function swaggerUiDistDirectory(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

function page(assetBase: string, documentUrl: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>${title}</title>
    <link rel="stylesheet" type="text/css" href="${assetBase}swagger-ui.css">
    <link rel="icon" type="image/png" href="${assetBase}favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${assetBase}swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="${assetBase}swagger-ui-standalone-preset.js" charset="UTF-8"></script>
    <script>
      window.onload = function () {
        window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui', deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });
      };
    </script>
  </body>
</html>`;
}

/**
 * Swagger UI at `/<uiPath>` for the document at `/<documentPath>`, on Fastify without
 * `@fastify/static`: the page plus a fixed list of swagger-ui-dist files (nothing else of the
 * file system is reachable). Links are relative, so the UI also works behind a path prefix.
 */
export function registerSwaggerUi(
  fastify: FastifyInstance,
  options: { uiPath: string; documentPath: string; title: string },
): void {
  const directory = swaggerUiDistDirectory();
  const servePage = (request: FastifyRequest): string => {
    // `/docs` resolves relative links against `/`, `/docs/` against `/docs/`.
    const trailingSlash = request.url.split('?')[0].endsWith('/');
    return trailingSlash
      ? page('./', `../${options.documentPath}`, options.title)
      : page(`./${options.uiPath}/`, `./${options.documentPath}`, options.title);
  };
  // One route answers `/docs` and `/docs/` (the router ignores trailing slashes).
  fastify.get(`/${options.uiPath}`, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(servePage(request)),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    fastify.get(`/${options.uiPath}/${file}`, async (_request, reply) =>
      reply
        .type(type)
        .header('Cache-Control', 'public, max-age=3600')
        .send(createReadStream(path.join(directory, file))),
    );
  }
}
