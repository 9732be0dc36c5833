import { randomBytes } from 'node:crypto';

import { testServiceUrls, uniqueTestPrefix } from '@herald/testing';

import { deletePrefixedTopology } from '../e2e/support/broker-cleanup';
import { HeraldApi } from '../e2e/support/herald-api';
import { type HeraldSystem, startHeraldSystem } from '../e2e/support/herald-system';
import { errorShapeProblems } from './support/error-shape';
import { FuzzReport } from './support/fuzz-report';
import { type RawRequest, type RawResponse, sendRaw } from './support/raw-http';
import { percentEncode } from './support/request-arbitraries';
import {
  coverageGaps,
  type DocumentedRoute,
  documentedRoutes,
  fillPath,
  fuzzableRoutes,
  onOperatorListener,
  type RouteSpec,
} from './support/route-coverage';
import {
  createEnvironment,
  inboxSessionToken,
  type SeededEnvironment,
  seedEnvironment,
} from './support/seed-environment';

// Every request comes from one address and thousands carry bad credentials: the failed-authentication
// limit (its own spec: apps/api-gateway/test/security) would answer 429 instead of the 401 under test.
const FUZZ_AUTH_FAILURES = '1000000000';

const operatorToken = `op-${randomBytes(16).toString('hex')}`;
/**
 * What the public routes reach: runner-email answers the send test of the seeded (email)
 * integration; the SMS, push and chat runners read no client input the fuzzer can reach.
 */
const APPS = ['api-gateway', 'attachment-service', 'trigger-worker', 'runner-in-app', 'runner-email'] as const;
/** The machine is shared with other suites: a 5 s RPC deadline missed under load is a 503 that says nothing about input. */
const PATIENT_RPC = {
  WORKER_RPC_TIMEOUT_MS: '30000',
  INBOX_RPC_TIMEOUT_MS: '30000',
  INTEGRATION_TEST_RPC_TIMEOUT_MS: '30000',
  ATTACHMENT_RPC_TIMEOUT_MS: '30000',
};
const brokerPrefix = uniqueTestPrefix('security');

let system: HeraldSystem;
let port: number;
/** The gateway's operator listener, which alone serves the admin routes. */
let adminPort: number;
let routes: (DocumentedRoute & { spec: RouteSpec })[];
let envA: SeededEnvironment;
/**
 * Credentials that must not reach A's objects: keys of other environments (one in A's organization,
 * one in another), each with an inbox session token of A's subscriber id in that environment, and a
 * session token of another subscriber of A itself (inbox routes only).
 */
let foreignKeys: { label: string; key?: string; inboxToken: string; shared?: string[] }[];
/** A's subscriber's own session token: what its inbox looks like is part of A's state. */
let inboxTokenA: string;
const secrets: string[] = [];
const report = new FuzzReport();
const clip = (text: string, length = 300) => (text.length > length ? `${text.slice(0, length)}…` : text);

/** GET routes (A's ids filled in) whose answers to A are A's state: the sweep must leave them as they were. */
const STATE_READS = [
  '/v2/workflows/{workflowId}',
  '/v2/workflows/{workflowId}/steps/{stepId}',
  '/v1/notification-templates/{templateId}',
  '/v1/layouts/{layoutId}',
  '/v2/layouts/{layoutId}',
  '/v2/layouts/{layoutId}/usage',
  '/v2/environments/{environmentId}/tags',
  '/v1/tenants/{identifier}',
  '/v1/integrations',
  '/v2/subscribers/{subscriberId}',
  '/v2/subscribers/{subscriberId}/preferences',
  '/v2/subscribers/{subscriberId}/notifications?limit=100',
  '/v2/subscribers/{subscriberId}/notifications/count?filters=%5B%7B%7D%2C%7B%22read%22%3Afalse%7D%5D',
  '/v2/subscribers/{subscriberId}/subscriptions?limit=100',
  '/v1/subscribers/{subscriberId}',
  '/v1/subscribers/{subscriberId}/preferences',
  '/v1/subscribers/{subscriberId}/preferences/global',
  '/v2/topics/{topicKey}',
  '/v2/topics/{topicKey}/subscriptions',
  '/v2/topics/{topicKey}/subscriptions/{subscriptionIdentifier}',
  '/v1/topics/{topicKey}',
  '/v1/topics/{topicKey}/subscribers/{subscriberId}',
  '/v1/execution-details?notificationId={notificationId}&subscriberId={subscriberId}',
  '/v1/notifications/{notificationId}',
  '/v1/notifications/{notificationId}/jobs/{jobId}/content',
  '/v1/messages?subscriberId={subscriberId}',
  '/v1/subscribers/{subscriberId}/notifications/feed',
  '/v1/subscribers/{subscriberId}/notifications/unseen',
];

/**
 * The target with A's ids in its path parameters swapped for ids that exist nowhere. Only parameter
 * segments change: a literal segment that happens to equal a known id (`inbox`, a step's id) stays.
 */
function missingIdsIn(template: string, target: string): string {
  const [path, query] = target.split(/\?(.*)/s, 2);
  const params = template.split('?')[0].split('/');
  const known = Object.values(envA.known).map(percentEncode);
  const swapped = path
    .split('/')
    .map((segment, index) =>
      params[index]?.startsWith('{') && known.includes(segment) ? `missing-${segment.length}` : segment,
    )
    .join('/');
  return query === undefined ? swapped : `${swapped}?${query}`;
}

/** Query parameters that point a list route at A's objects. */
function foreignQuery(route: DocumentedRoute): string {
  const known = envA.known;
  const byRoute: Record<string, Record<string, string>> = {
    'GET /v1/notifications': { transactionId: known.transactionId, subscriberIds: known.subscriberId },
    'GET /v1/messages': { transactionId: known.transactionId, subscriberId: known.subscriberId },
    'GET /v2/subscribers': { subscriberId: known.subscriberId },
    'GET /v2/topics': { key: known.topicKey },
    'GET /v1/topics': { key: known.topicKey },
    'GET /v1/execution-details': { notificationId: known.notificationId, subscriberId: known.subscriberId },
    'GET /v2/workflows': { query: envA.targets.workflowId },
  };
  const query = byRoute[route.key];
  return query
    ? `?${Object.entries(query)
        .map(([name, value]) => `${name}=${percentEncode(value)}`)
        .join('&')}`
    : '';
}

/** The route aimed at A's objects: A's ids in the path, A's workflow, subscriber, topic and tenant in the body. */
function aimedAtA(route: DocumentedRoute & { spec: RouteSpec }, authorization: string | undefined): RawRequest {
  const target =
    fillPath(route.path, (param) =>
      percentEncode(envA.known[route.spec.params?.[param] ?? (param as keyof typeof envA.known)] ?? param),
    ) + foreignQuery(route);
  const body = route.spec.body?.(envA.targets);
  return {
    method: route.method,
    target,
    headers: [
      ...(authorization === undefined ? [] : [['Authorization', authorization] as [string, string]]),
      ...(body === undefined ? [] : [['Content-Type', 'application/json'] as [string, string]]),
    ],
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
  };
}

async function stateOfA(api: HeraldApi): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const path of STATE_READS) {
    const target = fillPath(path, (param) => percentEncode(envA.known[param as keyof typeof envA.known]));
    const response = await api.request('GET', target);
    state[path] = { status: response.status, body: response.body };
  }
  // Snooze and action state show only here.
  const inbox = await api.request('GET', '/v1/inbox/notifications?limit=100', undefined, {
    Authorization: `Bearer ${inboxTokenA}`,
  });
  state['/v1/inbox/notifications'] = { status: inbox.status, body: inbox.body };
  return state;
}

/** A's markers in an answer, except those the request itself carried (a 404 may name the id it was asked for). */
function leakedMarkers(request: RawRequest, response: RawResponse, shared: readonly string[] = []): string[] {
  const sent = `${decodeURIComponent(request.target)} ${request.body?.toString('utf8') ?? ''}`;
  return envA.markers.filter(
    (marker) => !shared.includes(marker) && !sent.includes(marker) && response.text.includes(marker),
  );
}

/** `shared`: A's markers the caller may see (another subscriber of A sees A's workflows in its preferences). */
function checkAnswer(label: string, request: RawRequest, response: RawResponse, shared: readonly string[] = []): void {
  const where = `[${label}] ${request.method} ${clip(request.target, 160)} → ${response.status}`;
  report.record(label, `${request.method} ${request.target.replace(/\?.*/, '')}`, response.status);
  if (response.status >= 500) report.problem(`${where}: 5xx ${clip(response.text)}`);
  if (response.status >= 400 && response.status < 500) {
    const problems = errorShapeProblems(response.status, response.json, request.target);
    if (problems.length) report.problem(`${where}: ${problems.join('; ')}`);
  }
  const leaked = leakedMarkers(request, response, shared);
  if (leaked.length) report.problem(`${where}: shows A's ${leaked.join(', ')} — ${clip(response.text)}`);
  const secret = secrets.find((value) => response.text.includes(value));
  if (secret) report.problem(`${where}: a key or credential is in the answer`);
}

/** The port a route is served on: the operator listener's for `/admin/*`, the public one otherwise. */
const portOf = (route: DocumentedRoute): number => (onOperatorListener(route) ? adminPort : port);

beforeAll(async () => {
  system = await startHeraldSystem('security', {
    apps: APPS,
    env: {
      BROKER_NAME_PREFIX: brokerPrefix,
      OPERATOR_TOKEN: operatorToken,
      RATE_LIMIT_ENABLED: 'false',
      AUTH_FAILURES_PER_ADDRESS: FUZZ_AUTH_FAILURES,
      LOG_LEVEL: 'info',
      ...PATIENT_RPC,
    },
  });
  port = Number(new URL(system.apiUrl).port);
  adminPort = Number(new URL(system.adminUrl).port);
  const apiA = new HeraldApi(system);
  const me = (await apiA.request<{ data: { _id: string; _organizationId: string } }>('GET', '/v1/environments/me')).body
    .data;
  const keys = await fetch(`${system.adminUrl}/admin/environments/${me._id}/api-keys`, {
    headers: { Authorization: `Bearer ${operatorToken}` },
  }).then((response) => response.json() as Promise<{ data: { _id: string }[] }>);
  envA = await seedEnvironment(
    apiA,
    { environmentId: me._id, organizationId: me._organizationId, keyId: keys.data[0]._id },
    system.apiUrl,
  );
  const sameOrganization = await createEnvironment(system.adminUrl, operatorToken, me._organizationId);
  const otherOrganization = await createEnvironment(system.adminUrl, operatorToken);
  // The same subscriber id elsewhere, through the API-keyed session (the public one would create that
  // subscriber there, and then the foreign key would rightly read its own subscriber by A's id).
  const sessionIn = async (apiKey: string) => {
    const api = new HeraldApi({ apiUrl: system.apiUrl, apiKey });
    const session = await api.request<{ data: { token: string } }>('POST', '/v1/inbox/session', {
      subscriberId: envA.known.subscriberId,
    });
    if (session.status !== 201) throw new Error(`foreign session: ${session.status} ${JSON.stringify(session.body)}`);
    return session.body.data.token;
  };
  inboxTokenA = await inboxSessionToken(apiA, system.apiUrl, envA.known.subscriberId);
  foreignKeys = [
    { label: 'same-org env', key: sameOrganization.apiKey, inboxToken: await sessionIn(sameOrganization.apiKey) },
    { label: 'other-org env', key: otherOrganization.apiKey, inboxToken: await sessionIn(otherOrganization.apiKey) },
    {
      label: "A's other subscriber",
      inboxToken: await inboxSessionToken(apiA, system.apiUrl, `${envA.known.subscriberId}-neighbour`),
      shared: [envA.targets.workflowId, envA.known.workflowId, envA.workflowTag],
    },
  ];
  secrets.push(
    system.apiKey,
    sameOrganization.apiKey,
    otherOrganization.apiKey,
    operatorToken,
    ...envA.credentialSecrets,
  );
  routes = fuzzableRoutes(await documentedRoutes(system));
}, 240_000);

afterAll(async () => {
  await system?.stop();
  // The prefix is this suite's (the system's own is overridden), so its queues are this suite's to delete.
  await deletePrefixedTopology(testServiceUrls().amqpUrl, brokerPrefix);
}, 90_000);

describe('isolation between environments', () => {
  it('sweeps every route of /openapi.json and /admin/openapi.json (or says why not)', async () => {
    expect(coverageGaps(await documentedRoutes(system))).toEqual({ uncovered: [], stale: [] });
  });

  it("never shows or changes one environment's objects to another environment's key", async () => {
    await system.withLogsOnFailure(async () => {
      const apiA = new HeraldApi(system);
      const before = await stateOfA(apiA);
      // Reads first: a write of the sweep may legitimately create the same id in the other environment (a topic by subscribing to it).
      const ordered = [
        ...routes.filter((route) => route.method === 'GET'),
        ...routes.filter((route) => route.method !== 'GET'),
      ];
      for (const { label, key, inboxToken, shared } of foreignKeys) {
        for (const route of ordered) {
          const inboxRoute = route.spec.auth === 'inboxSession';
          if (key === undefined && !inboxRoute) continue;
          const authorization = inboxRoute
            ? `Bearer ${inboxToken}`
            : route.spec.auth === 'inboxToken'
              ? `Bearer ${key}`
              : `ApiKey ${key}`;
          const request = aimedAtA(route, authorization);
          const response = await sendRaw(portOf(route), request);
          checkAnswer(label, request, response, shared);
          if (route.spec.auth === 'operator' && response.status !== 401)
            report.problem(`[${label}] ${route.key}: an API key opened an operator route (${response.status})`);
          // An id that exists only in A must look exactly like one that does not exist at all.
          if (route.params.length > 0 && route.method === 'GET') {
            const missing = await sendRaw(portOf(route), {
              ...request,
              target: missingIdsIn(route.path, request.target),
            });
            if (missing.status !== response.status || (response.status < 300 && missing.text !== response.text)) {
              report.problem(
                `[${label}] ${route.key}: A's ids answer ${response.status} ${clip(response.text, 120)}, missing ids ${missing.status} ${clip(missing.text, 120)}`,
              );
            }
          }
        }
      }
      const after = await stateOfA(apiA);
      process.stdout.write(`${report.format('security sweep')}\n`);
      expect(report.problems).toEqual([]);
      expect(after).toEqual(before);
    });
  }, 600_000);

  it('refuses every route without a key, or with a malformed one, with 401', async () => {
    const malformed = [
      undefined,
      `ApiKey ${system.apiKey}x`,
      `Bearer ${system.apiKey}`,
      `ApiKey`,
      `${system.apiKey}`,
      `ApiKey ${system.apiKey.slice(0, 7)}`,
    ];
    const problems: string[] = [];
    const before = report.problems.length;
    for (const route of routes) {
      for (const authorization of malformed) {
        const request = aimedAtA(route, authorization);
        const response = await sendRaw(portOf(route), request);
        checkAnswer('no or malformed key', request, response);
        if (response.status !== 401)
          problems.push(
            `${route.key} with ${authorization === undefined ? 'no key' : clip(authorization.replace(system.apiKey, '<A key>'), 40)} → ${response.status}`,
          );
      }
    }
    expect(problems).toEqual([]);
    expect(report.problems.slice(before)).toEqual([]);
  }, 600_000);

  it('answers every operator route on the public port with 404, even with the operator token', async () => {
    const operatorRoutes = routes.filter(onOperatorListener);
    expect(operatorRoutes.length).toBeGreaterThan(0);
    const answers: string[] = [];
    for (const route of operatorRoutes) {
      const response = await sendRaw(port, aimedAtA(route, `Bearer ${operatorToken}`));
      answers.push(`${route.key} → ${response.status}`);
    }
    expect(answers).toEqual(operatorRoutes.map((route) => `${route.key} → 404`));
  }, 120_000);

  it('writes no API key, operator token or integration credential to a log', () => {
    // The services log at info here (not the e2e default, warn), so there is something to search.
    const output = system.output();
    expect(output.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => output.includes(secret)).map((secret) => `${secret.slice(0, 6)}…`)).toEqual([]);
  });
});
