import { NovuRoute, PinnedSource, Reasons, ServedElsewhere } from './compat-sources';

/** Herald paths the table never lists: operator routes, probes and the document itself. */
const NOT_NOVU_SURFACE = /^\/(admin|health|metrics)(\/|$)/;

export type Status = 'served' | 'served elsewhere' | 'not served';

export interface RouteStatus {
  route: NovuRoute;
  status: Status;
  /** Herald's route for `served elsewhere`, the reason for `not served`. */
  detail: string;
}

export interface SourceCounts {
  source: PinnedSource;
  served: number;
  elsewhere: number;
  notServed: number;
  total: number;
}

/** `GET /v1/subscribers/{subscriberId}` → `GET /v1/subscribers/{}`: parameters match whatever their names. */
export function routeKey(method: string, path: string): string {
  const segments = path
    .split('?')[0]
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^(\{[^}]*\}|:\w+)$/.test(segment) ? '{}' : segment));
  return `${method.toUpperCase()} /${segments.join('/')}`;
}

/** Herald's public routes: `METHOD /path` keys (as {@link routeKey} makes them) → the documented path. */
export type HeraldRoutes = ReadonlyMap<string, string>;

/** Herald's public routes from its OpenAPI document. */
export function heraldRoutes(document: object): Map<string, string> {
  const paths = (document as { paths: Record<string, Record<string, unknown>> }).paths;
  const routes = new Map<string, string>();
  for (const [path, operations] of Object.entries(paths)) {
    if (NOT_NOVU_SURFACE.test(path)) continue;
    for (const method of Object.keys(operations)) routes.set(routeKey(method, path), `${method.toUpperCase()} ${path}`);
  }
  return routes;
}

const segmentsOf = (route: string): string[] => splitKey(route)[1].split('/').filter(Boolean);

/** A parameter that names one object (`{notificationId}`, `{topicKey}`, `{identifier}`), not one of a few words. */
const ID_PARAMETER = /^\{\w*(id|Id|ID|identifier|key|Key)\}$/;

/**
 * The Herald route that serves Novu's `key` (a {@link routeKey}): the same method and path, else one
 * with a parameter where Novu has a literal segment, as Herald's router would send the request there
 * (`GET /v1/subscribers/{}/preferences/global` → `…/preferences/{level}`). Not when the parameter is
 * an id (`GET /v1/notifications/stats` is no notification of `/v1/notifications/{notificationId}`),
 * and not when Herald has a literal route of its own in that position (same method, same path
 * before it): there the position names distinct endpoints, and Novu's literal is not one Herald has.
 */
export function servingRoute(herald: HeraldRoutes, key: string): string | undefined {
  if (herald.has(key)) return herald.get(key);
  const method = splitKey(key)[0];
  const novu = segmentsOf(key);
  const routes = [...herald].filter(([candidate]) => splitKey(candidate)[0] === method);
  const literalAt = (prefix: string[], index: number) =>
    routes.some(([candidate]) => {
      const segments = segmentsOf(candidate);
      return (
        segments.length > index && segments[index] !== '{}' && prefix.every((segment, at) => segments[at] === segment)
      );
    });
  const match = routes.find(([candidate, documented]) => {
    const segments = segmentsOf(candidate);
    const named = segmentsOf(documented);
    return (
      segments.length === novu.length &&
      segments.every((segment, index) => {
        const theirs = novu[index];
        if (segment === theirs) return true;
        return (
          segment === '{}' &&
          theirs !== '{}' &&
          !ID_PARAMETER.test(named[index]) &&
          !literalAt(segments.slice(0, index), index)
        );
      })
    );
  });
  return match?.[1];
}

/** Served, served elsewhere (the map names a Herald route the document has) or not served (with the reason). */
export function classify(
  route: NovuRoute,
  herald: HeraldRoutes,
  reasons: Reasons,
  servedElsewhere: ServedElsewhere,
): RouteStatus {
  const key = routeKey(route.method, route.path);
  const serving = servingRoute(herald, key);
  if (serving && herald.has(key)) return { route, status: 'served', detail: '' };
  if (serving) return { route, status: 'served', detail: `by \`${serving}\` (a parameter where Novu has a word)` };
  const elsewhere = Object.entries(servedElsewhere).find(([novu]) => routeKey(...splitKey(novu)) === key)?.[1];
  if (elsewhere && herald.has(routeKey(...splitKey(elsewhere.herald))))
    return { route, status: 'served elsewhere', detail: `\`${elsewhere.herald}\` — ${elsewhere.note}` };
  const byRoute = Object.entries(reasons.routes).find(([novu]) => routeKey(...splitKey(novu)) === key)?.[1];
  const family = reasons.families[route.family];
  const dashboardOnly = 'dashboard-only in Novu (left out of its public API document)';
  const reason =
    byRoute ??
    (route.public === false ? (family ? `${dashboardOnly}; ${family}` : dashboardOnly) : family) ??
    'not implemented';
  return { route, status: 'not served', detail: reason };
}

function splitKey(key: string): [string, string] {
  const [method, path] = key.split(' ');
  return [method, path];
}

/** Every route of every source with its status, and the counts per source. */
export function compare(
  sources: PinnedSource[],
  document: object,
  reasons: Reasons,
  servedElsewhere: ServedElsewhere,
): { counts: SourceCounts[]; statuses: Map<PinnedSource, RouteStatus[]> } {
  const herald = heraldRoutes(document);
  const statuses = new Map<PinnedSource, RouteStatus[]>();
  const counts = sources.map((source) => {
    // One row per method + path: @novu/node's markMessageRead and markMessageSeen are one route.
    const unique = new Map<string, NovuRoute>();
    for (const route of source.routes) {
      const key = routeKey(route.method, route.path);
      const known = unique.get(key);
      unique.set(key, known ? { ...known, id: `${known.id}, ${route.id}` } : route);
    }
    const rows = [...unique.values()].map((route) => classify(route, herald, reasons, servedElsewhere));
    statuses.set(source, rows);
    const count = (status: Status) => rows.filter((row) => row.status === status).length;
    return {
      source,
      served: count('served'),
      elsewhere: count('served elsewhere'),
      notServed: count('not served'),
      total: rows.length,
    };
  });
  return { counts, statuses };
}

const percent = (part: number, total: number) => `${Math.round((100 * part) / Math.max(total, 1))} %`;

/** The README's claim, with the numbers the table shows. */
export function renderReadmeClaim(counts: SourceCounts[]): string {
  const noun = (c: SourceCounts) =>
    c.source.source === 'novu-routes'
      ? 'routes of Novu’s API server'
      : `${c.source.title} ${c.source.source === 'novu-js' ? 'inbox routes' : 'operations'}`;
  const part = (c: SourceCounts) =>
    `${c.served} of ${c.total} ${noun(c)}${c.elsewhere > 0 ? ` (${c.elsewhere} more at another Herald route)` : ''}`;
  return [
    'Its REST API serves part of Novu’s at Novu’s paths and shapes, so a Novu SDK works by changing the base URL',
    `for the routes Herald serves — today, matched by path, ${counts.map(part).join('; ')}.`,
    'Proof is narrower than a path match: the e2e and browser suites drive Novu’s own clients (`@novu/api`, `@novu/node`,',
    '`@novu/js`, `@novu/react`), unchanged but for their URL, through the routes they exercise.',
    'Every route, with the reason for each one not served:',
    '[docs/NOVU-COMPATIBILITY.md](docs/NOVU-COMPATIBILITY.md).',
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** docs/NOVU-COMPATIBILITY.md. */
export function renderCompatibility(
  sources: PinnedSource[],
  document: object,
  reasons: Reasons,
  servedElsewhere: ServedElsewhere,
): string {
  const { counts, statuses } = compare(sources, document, reasons, servedElsewhere);
  const lines = [
    '# Novu compatibility',
    '',
    "<!-- Generated by `npm run docs:compat` from docs/compat/*.json and the gateway's OpenAPI document; do not edit by hand. -->",
    '',
    'Each route Novu serves or one of its SDKs calls, compared by method and path (path parameters match whatever',
    "their names) against Herald's OpenAPI document (`/openapi.json`). **Served**: Herald answers at the same method",
    'and path. **Served elsewhere**: Herald offers the capability at another route (docs/compat/served-elsewhere.json).',
    '**Not served**: Herald answers 404; the reason comes from docs/compat/not-served-reasons.json. Operator routes',
    '(`/admin`) and probes are not part of Novu’s surface and are not listed.',
    '',
    'A route here is matched by path, which is not proof: the proof is Novu’s own client, unchanged but for its URL,',
    'passing against the running system. `e2e/novu-*.e2e-spec.ts` drive `@novu/api`, `@novu/node` and `@novu/js`,',
    '`e2e/inbox-realtime.e2e-spec.ts` its socket, and `browser/inbox.browser-spec.ts` `@novu/react`’s `<Inbox />`.',
    '',
    '| Source | Pinned from | Served | Served elsewhere | Not served | Total |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...counts.map(
      (c) =>
        `| ${c.source.title} | ${c.source.origin} | ${c.served} (${percent(c.served, c.total)}) | ${c.elsewhere} | ${c.notServed} | ${c.total} |`,
    ),
    '',
    'Re-pin the sources with `npm run docs:compat:pin -- <bare novuhq/novu mirror>` (node_modules gives the SDKs),',
    'then run `npm run docs:compat`.',
  ];
  for (const source of sources) {
    const rows = statuses.get(source) ?? [];
    lines.push('', `## ${source.title}`, '');
    const families = [...new Set(rows.map((row) => row.route.family))].sort();
    for (const family of families) {
      const inFamily = rows.filter((row) => row.route.family === family);
      const count = (status: Status) => inFamily.filter((row) => row.status === status).length;
      const elsewhere = count('served elsewhere');
      lines.push(
        `### ${source.title} — ${family} (${count('served')} of ${inFamily.length} served${elsewhere ? `, ${elsewhere} elsewhere` : ''})`,
        '',
      );
      lines.push('| Route | Operation | Status | Herald route or reason |', '| --- | --- | --- | --- |');
      for (const row of inFamily)
        lines.push(
          `| \`${row.route.method} ${row.route.path}\` | ${escapeCell(row.route.id || '—')} | ${row.status} | ${escapeCell(row.detail)} |`,
        );
      lines.push('');
    }
    lines.pop();
  }
  return `${lines.join('\n')}\n`;
}

export const CLAIM_START = '<!-- compat-claim:start (generated by `npm run docs:compat`; do not edit by hand) -->';
export const CLAIM_END = '<!-- compat-claim:end -->';

/** README text with the claim between the markers replaced. */
export function withReadmeClaim(readme: string, counts: SourceCounts[]): string {
  const start = readme.indexOf(CLAIM_START);
  const end = readme.indexOf(CLAIM_END);
  if (start < 0 || end < start) throw new Error('README.md lacks the compat-claim markers');
  return `${readme.slice(0, start + CLAIM_START.length)}\n${renderReadmeClaim(counts)}\n${readme.slice(end)}`;
}
