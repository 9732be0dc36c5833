import fc from 'fast-check';

import {
  deepNesting,
  hugeValues,
  INVALID_UTF8,
  invalidUtf8,
  malformedJson,
  missingAndExtra,
  prototypeKeys,
  wrongTypes,
} from './body-mutations';
import type { RawRequest } from './raw-http';
import { type DocumentedRoute, fillPath, type KnownIds, type RouteSpec, type TriggerTargets } from './route-coverage';

/** The kinds of bad input, each its own generator. */
export const CATEGORIES = [
  'wrong-types',
  'missing-and-extra-fields',
  'deep-nesting',
  'huge-values',
  'invalid-utf8',
  'prototype-keys',
  'malformed-json',
  'content-type',
  'auth-header',
  'path-ids',
  'query',
  'headers',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories that need a route with a body. */
export const BODY_CATEGORIES: ReadonlySet<Category> = new Set([
  'wrong-types',
  'missing-and-extra-fields',
  'deep-nesting',
  'huge-values',
  'invalid-utf8',
  'prototype-keys',
  'malformed-json',
  'content-type',
]);

/** What a generated case needs from the running system. */
export interface FuzzContext {
  apiKey: string;
  operatorToken: string;
  /** A session token of a subscriber of `apiKey`'s environment (the `inboxSession` routes). */
  inboxToken: string;
  known: KnownIds;
  targets: TriggerTargets;
  /** The CI profile keeps bodies smaller; `--full` sends the big ones. */
  full: boolean;
}

export type FuzzRoute = DocumentedRoute & { spec: RouteSpec };

/** One generated request and what it is. */
export interface FuzzCase {
  category: Category;
  route: FuzzRoute;
  request: RawRequest;
  /** True when every variant of the case must be refused before it reaches the route (bad credentials). */
  mustBeUnauthorized: boolean;
}

const JSON_TYPE = ['Content-Type', 'application/json'] as [string, string];

/** Percent-encodes every byte outside unreserved ASCII; lone surrogates become U+FFFD first (as a browser would). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const CONTENT_TYPES = [
  undefined,
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json;charset="iso-8859-1"',
  'application/jsonx',
  'json',
  '',
  '*/*',
  'application/*',
  'application/octet-stream',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json, text/plain',
  ';',
];

function contentType(seed: unknown): fc.Arbitrary<[string, string][]> {
  return fc
    .tuple(
      fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 30 })),
      fc.constantFrom(undefined, 'gzip', 'br', 'identity', 'deflate, gzip', 'x'),
    )
    .filter(() => seed !== undefined)
    .map(([type, encoding]) => [
      ...(type === undefined ? [] : [['Content-Type', type] as [string, string]]),
      ...(encoding === undefined ? [] : [['Content-Encoding', encoding] as [string, string]]),
    ]);
}

/** Authorization headers that must all be refused (401, or 400/431 from the HTTP parser). */
function badAuth(context: FuzzContext, route: FuzzRoute): fc.Arbitrary<[string, string | Buffer][]> {
  const key = context.apiKey;
  const token = context.operatorToken;
  const valid =
    route.spec.auth === 'operator'
      ? `Bearer ${token}`
      : route.spec.auth === 'inboxSession'
        ? `Bearer ${context.inboxToken}`
        : `ApiKey ${key}`;
  const values: fc.Arbitrary<string | Buffer | undefined> = fc.oneof(
    fc.constantFrom<string | undefined>(
      undefined,
      '',
      'ApiKey',
      'ApiKey ',
      'ApiKey short',
      `ApiKey ${key}x`,
      `ApiKey ${key.slice(0, -1)}`,
      `ApiKey ${key.toUpperCase()}`,
      `ApiKey ${key} ${key}`,
      `apikey${key}`,
      `Bearer ${key}`,
      `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      `ApiKey ${'k'.repeat(600)}`,
      `ApiKey ${key.replace(/.$/, '%')}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      `Bearer ${context.inboxToken}x`,
      `Bearer ${context.inboxToken.replace('.', '.x')}`,
      `ApiKey ${context.inboxToken}`,
      `ApiKey ${token}`,
      `Bearer`,
      'null',
      'undefined',
    ),
    fc.string({ maxLength: 60 }).map((text) => `ApiKey ${text}`),
    fc.string({ maxLength: 60 }).map((text) => `Bearer ${text}`),
    fc
      .tuple(
        fc.integer({ min: 0, max: key.length }),
        fc.constantFrom(...INVALID_UTF8),
        fc.constantFrom(0x00, 0x01, 0x7f, 0x0b),
      )
      .map(([at, bytes, control]) =>
        Buffer.concat([
          Buffer.from(valid.slice(0, at + 7)),
          Buffer.from(at % 2 ? bytes : [control]),
          Buffer.from(valid.slice(at + 7)),
        ]),
      ),
  );
  return fc.tuple(values, fc.boolean()).map(([value, duplicate]) => {
    const headers: [string, string | Buffer][] = value === undefined ? [] : [['Authorization', value]];
    // A second, valid header after a bad one: the first one counts, so this must fail too.
    if (duplicate && value !== undefined) headers.push(['Authorization', valid]);
    return headers;
  });
}

const HOSTILE_IDS = [
  '..',
  '../..',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fadmin',
  '%252e%252e%252f',
  '..%5c..%5cwindows',
  '..;',
  '.%2e',
  '%2e',
  '%00',
  'a%00b',
  '%ff',
  '%c3%28',
  '%ed%a0%80',
  '%',
  '%zz',
  '%2',
  ';',
  '%3b',
  '%20',
  '%09',
  '%23',
  '%3f',
  '~',
  '*',
  '$where',
  '%7B%22%24gt%22%3A%22%22%7D',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'NaN',
  '-1',
  '0',
  '1e309',
  '%E2%80%AE',
  '%F0%9F%98%80',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%27%20OR%201%3D1--',
  '%3Cscript%3E',
  'a,b',
  'A',
  'a+b',
  '%2B',
];

/** Path parameter values a client should never get a 5xx for. */
const hostileId = fc.oneof(
  fc.constantFrom(...HOSTILE_IDS),
  fc.string({ unit: 'binary', maxLength: 40 }).map(percentEncode),
  fc.string({ maxLength: 300 }).map(percentEncode),
  fc.integer({ min: 250, max: 2_100 }).map((length) => 'a'.repeat(length)),
  fc
    .array(fc.constantFrom('..', '.', '%2e%2e', 'x', '%2f', '/'), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join('/')),
);

function queryString(values: Record<string, string>): string {
  const text = Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return text ? `?${text}` : '';
}

const encodedQuery = (query: Record<string, string> | undefined) =>
  queryString(Object.fromEntries(Object.entries(query ?? {}).map(([name, value]) => [name, percentEncode(value)])));

function badQuery(route: FuzzRoute): fc.Arbitrary<string> {
  const names = Object.keys(route.spec.query ?? {});
  const name = fc.oneof(
    fc.constantFrom(...(names.length ? names : ['limit'])),
    fc.constantFrom(
      '__proto__[polluted]',
      'constructor[prototype][polluted]',
      'limit[]',
      'page[$gt]',
      'a[b][c][d][e][f]',
      '%ff',
      '%00',
      '',
    ),
    fc.string({ maxLength: 10 }).map(percentEncode),
  );
  const value = fc.oneof(
    fc.constantFrom(
      '',
      'abc',
      '-1',
      '1e309',
      'NaN',
      'Infinity',
      '0x10',
      '1.5',
      '9'.repeat(40),
      'true',
      '%ff',
      '%00',
      '%',
      'null',
      '[]',
      '{}',
      '%5B%5D',
      'a'.repeat(5_000),
    ),
    fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode),
  );
  return fc
    .array(fc.tuple(name, value), { minLength: 1, maxLength: 6 })
    .map((pairs) => `?${[...Object.entries(route.spec.query ?? {}), ...pairs].map(([n, v]) => `${n}=${v}`).join('&')}`);
}

function badHeaders(): fc.Arbitrary<{ headers: [string, string | Buffer][]; chunked: boolean }> {
  const idempotencyKey = fc.oneof(
    fc.constantFrom('', ' ', 'k'.repeat(256), 'k'.repeat(4_000), 'ключ', '\u202e', 'a,b'),
    fc.string({ maxLength: 300 }),
    fc.constantFrom(...INVALID_UTF8).map((bytes) => Buffer.concat([Buffer.from('key-'), Buffer.from(bytes)])),
  );
  return fc
    .record({
      idempotency: fc.option(fc.array(idempotencyKey, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      extra: fc.array(
        fc.tuple(
          fc.constantFrom(
            'X-Forwarded-For',
            'X-Real-IP',
            'Accept',
            'Accept-Encoding',
            'Origin',
            'X-Environment-Id',
            'X-Organization-Id',
            'Cookie',
            'Expect',
          ),
          fc.string({ maxLength: 40 }),
        ),
        { maxLength: 3 },
      ),
      chunked: fc.boolean(),
    })
    .map(({ idempotency, extra, chunked }) => ({
      headers: [...(idempotency ?? []).map((key) => ['Idempotency-Key', key] as [string, string | Buffer]), ...extra],
      chunked,
    }));
}

/** A path with the route's parameters filled: existing objects where that is harmless, a missing one otherwise. */
function usualPath(route: FuzzRoute, context: FuzzContext): string {
  return fillPath(route.path, (param) =>
    route.spec.destructive
      ? `fuzz-missing-${param}`
      : percentEncode(
          context.known[route.spec.params?.[param] ?? (param as keyof typeof context.known)] ?? `fuzz-missing-${param}`,
        ),
  );
}

function authHeaders(route: FuzzRoute, context: FuzzContext): [string, string][] {
  switch (route.spec.auth ?? 'apiKey') {
    case 'operator':
      return [['Authorization', `Bearer ${context.operatorToken}`]];
    case 'inboxToken':
      // A valid session token would open an endless SSE stream; the stream route is fuzzed with bad ones.
      return [['Authorization', 'Bearer not-a-session-token']];
    case 'inboxSession':
      return [['Authorization', `Bearer ${context.inboxToken}`]];
    case 'none':
      return [];
    default:
      return [['Authorization', `ApiKey ${context.apiKey}`]];
  }
}

/** The generator of one category for one route. */
export function caseArbitrary(category: Category, route: FuzzRoute, context: FuzzContext): fc.Arbitrary<FuzzCase> {
  const seed = route.spec.body?.(context.targets);
  const target = usualPath(route, context) + encodedQuery(route.spec.query);
  const auth = authHeaders(route, context);
  const make = (request: Partial<RawRequest> & { body?: Buffer }, mustBeUnauthorized = false): FuzzCase => ({
    category,
    route,
    mustBeUnauthorized,
    request: {
      method: route.method,
      target,
      ...request,
      headers: request.headers ?? [...auth, ...(request.body ? [JSON_TYPE] : [])],
    },
  });
  const jsonBody = (text: string | Buffer) => make({ body: Buffer.isBuffer(text) ? text : Buffer.from(text) });
  const validBody = seed === undefined ? undefined : Buffer.from(JSON.stringify(seed));
  switch (category) {
    case 'wrong-types':
      return wrongTypes(seed).map((body) => jsonBody(JSON.stringify(body) ?? ''));
    case 'missing-and-extra-fields':
      return missingAndExtra(seed).map((body) => jsonBody(JSON.stringify(body) ?? ''));
    case 'deep-nesting':
      return deepNesting(seed, context.full).map(jsonBody);
    case 'huge-values':
      return hugeValues(seed, context.full).map(jsonBody);
    case 'invalid-utf8':
      return invalidUtf8(seed).map(jsonBody);
    case 'prototype-keys':
      return prototypeKeys(seed).map(jsonBody);
    case 'malformed-json':
      return malformedJson(seed).map(jsonBody);
    case 'content-type':
      return contentType(seed).map((headers) => make({ body: validBody, headers: [...auth, ...headers] }));
    case 'auth-header':
      return badAuth(context, route).map((headers) =>
        make({ body: validBody, headers: [...headers, ...(validBody ? [JSON_TYPE] : [])] }, true),
      );
    case 'path-ids':
      return fc.record({ id: hostileId, param: fc.constantFrom(...route.params) }).map(({ id, param }) =>
        make({
          target:
            fillPath(route.path, (name) =>
              name === param ? id : usualPath({ ...route, path: `{${name}}` }, context),
            ) + encodedQuery(route.spec.query),
          body: validBody,
        }),
      );
    case 'query':
      return badQuery(route).map((query) => make({ target: usualPath(route, context) + query, body: validBody }));
    case 'headers':
      return badHeaders().map(({ headers, chunked }) =>
        make({
          body: validBody,
          chunked: chunked && validBody !== undefined,
          headers: [...auth, ...(validBody ? [JSON_TYPE] : []), ...headers],
        }),
      );
  }
}

/** Whether a category applies to a route. */
export function appliesTo(category: Category, route: FuzzRoute): boolean {
  if (BODY_CATEGORIES.has(category)) return route.spec.body !== undefined;
  if (category === 'path-ids') return route.params.length > 0;
  if (category === 'auth-header') return route.spec.auth !== 'none';
  return true;
}
