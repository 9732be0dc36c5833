import fs from 'node:fs';
import path from 'node:path';

import { gatewayConfig } from '../../apps/api-gateway/src/core/config/gateway.config';
import { gatewayDocumentationGaps } from '../../apps/api-gateway/src/openapi-document';
import { NovuRoute, readCompatInputs } from './compat-sources';
import { COMPATIBILITY_DOC, generatedCompatibilityDocs, heraldOpenApiDocument } from './compatibility-docs';
import { classify, heraldRoutes, routeKey, servingRoute } from './compatibility-table';
import { isOperatorRoute, NO_RESPONSE_SCHEMA_NEEDED } from './response-schema-exemptions';

const root = path.resolve(__dirname, '..', '..');
const document = heraldOpenApiDocument();
const { sources, reasons, servedElsewhere } = readCompatInputs(root);
const novuKeys = new Set(sources.flatMap((source) => source.routes.map((r) => routeKey(r.method, r.path))));

describe('docs/NOVU-COMPATIBILITY.md and the README claim', () => {
  it('are what the pinned sources and the OpenAPI document generate (run `npm run docs:compat`)', () => {
    const generated = generatedCompatibilityDocs(root, document);
    expect(fs.readFileSync(path.join(root, COMPATIBILITY_DOC), 'utf8')).toBe(generated.table);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toBe(generated.readme);
  });

  it('maps "served elsewhere" only to routes the document has, from routes Novu has', () => {
    const herald = heraldRoutes(document);
    const stale = Object.entries(servedElsewhere).filter(
      ([novu, { herald: target }]) =>
        !novuKeys.has(routeKey(...(novu.split(' ') as [string, string]))) ||
        !herald.has(routeKey(...(target.split(' ') as [string, string]))),
    );
    expect(stale.map(([novu]) => novu)).toEqual([]);
  });

  it('gives reasons only for routes and families the sources have', () => {
    const families = new Set(sources.flatMap((source) => source.routes.map((r) => r.family)));
    expect(
      Object.keys(reasons.routes).filter((key) => !novuKeys.has(routeKey(...(key.split(' ') as [string, string])))),
    ).toEqual([]);
    expect(Object.keys(reasons.families).filter((family) => !families.has(family))).toEqual([]);
  });

  it('records where each pinned copy came from', () => {
    for (const source of sources) {
      expect(source.origin).toMatch(/@[0-9a-f]{40} |@\d+\.\d+\.\d+ /);
      expect(source.routes.length).toBeGreaterThan(0);
    }
  });
});

describe('route comparison', () => {
  const route = (method: string, routePath: string, extra: Partial<NovuRoute> = {}): NovuRoute => ({
    method,
    path: routePath,
    family: routePath.split('/')[2],
    id: 'x',
    ...extra,
  });
  /** Herald's routes as `heraldRoutes` reads them from a document with these `METHOD /path`s. */
  const heraldOf = (...routes: string[]) => {
    const paths: Record<string, Record<string, object>> = {};
    for (const route of routes) {
      const [method, routePath] = route.split(' ');
      paths[routePath] = { ...paths[routePath], [method.toLowerCase()]: {} };
    }
    return heraldRoutes({ paths });
  };
  const herald = heraldOf('GET /v2/topics/{topicKey}', 'POST /v1/events/trigger');
  const none = { routes: {}, families: {} };

  it('matches path parameters whatever their names', () => {
    expect(routeKey('get', '/v2/topics/{key}/')).toBe(routeKey('GET', '/v2/topics/:topicKey'));
    expect(classify(route('GET', '/v2/topics/{id}'), herald, none, {}).status).toBe('served');
  });

  it('prefers a route reason over a family reason, and says when Novu keeps a route dashboard-only', () => {
    const r = { routes: { 'GET /v1/topics/{x}': 'by route' }, families: { topics: 'by family' } };
    expect(classify(route('GET', '/v1/topics/{topicKey}'), herald, r, {}).detail).toBe('by route');
    expect(classify(route('GET', '/v1/topics'), herald, r, {}).detail).toBe('by family');
    expect(classify(route('GET', '/v1/auth/me', { public: false }), herald, r, {}).detail).toMatch(/^dashboard-only/);
  });

  it('counts "served elsewhere" only while the Herald route exists', () => {
    const map = {
      'GET /v1/topics/{topicKey}': { herald: 'GET /v2/topics/{topicKey}', note: 'v2' },
      'GET /v1/topics': { herald: 'GET /v2/topics', note: 'v2' },
    };
    expect(classify(route('GET', '/v1/topics/{k}'), herald, none, map).status).toBe('served elsewhere');
    expect(classify(route('GET', '/v1/topics'), herald, none, map).status).toBe('not served');
  });

  it('counts a word of Novu’s as served by a parameter of Herald’s in its place (a level, not an id)', () => {
    const routes = heraldOf(
      'GET /v1/subscribers/{subscriberId}/preferences/{level}',
      'GET /v1/notifications/{notificationId}',
    );
    const global = classify(route('GET', '/v1/subscribers/{id}/preferences/global'), routes, none, {});
    expect(global).toMatchObject({ status: 'served', detail: expect.stringContaining('/preferences/{level}') });
    expect(servingRoute(routes, routeKey('GET', '/v1/subscribers/{id}/preferences/global'))).toBe(
      'GET /v1/subscribers/{subscriberId}/preferences/{level}',
    );
    // Another method, or a parameter of Novu's where Herald has one too, is no such match.
    expect(classify(route('PATCH', '/v1/subscribers/{id}/preferences/global'), routes, none, {}).status).toBe(
      'not served',
    );
    // An id parameter does not serve a word: `stats` is no notification.
    expect(classify(route('GET', '/v1/notifications/stats'), routes, none, {}).status).toBe('not served');
    // Nor does a parameter where Herald serves words of its own: that position names distinct endpoints.
    const worded = heraldOf(
      'GET /v1/subscribers/{subscriberId}/preferences/{level}',
      'GET /v1/subscribers/{subscriberId}/preferences/channels',
    );
    expect(classify(route('GET', '/v1/subscribers/{id}/preferences/global'), worded, none, {}).status).toBe(
      'not served',
    );
    expect(classify(route('GET', '/v1/subscribers/{id}/preferences/channels'), worded, none, {})).toMatchObject({
      status: 'served',
      detail: '',
    });
  });

  it('leaves the operator routes and probes out', () => {
    const keys = heraldRoutes(document);
    expect([...keys.keys()].filter((key) => / \/(admin|health|metrics)/.test(key))).toEqual([]);
    // The public document lists no operator route in the first place (decision 0043).
    expect(Object.keys((document as { paths: object }).paths).filter((p) => /^\/(admin|metrics)/.test(p))).toEqual([]);
    expect(keys.has(routeKey('POST', '/v1/events/trigger'))).toBe(true);
  });
});

describe('the OpenAPI document', () => {
  const gaps = gatewayDocumentationGaps(gatewayConfig.load({ NODE_ENV: 'test' })).filter(
    (gap) => !isOperatorRoute(gap.route) && !(gap.route in NO_RESPONSE_SCHEMA_NEEDED),
  );

  it('describes the request of every public route (a body or query read without a ZodValidationPipe)', () => {
    expect(gaps.filter((gap) => gap.missing.some((part) => part !== 'response'))).toEqual([]);
  });

  it('describes the response of every public route', () => {
    expect(gaps.filter((gap) => gap.missing.includes('response')).map((gap) => gap.route)).toEqual([]);
  });
});
