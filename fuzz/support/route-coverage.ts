/**
 * The fuzzer's (and the security sweep's) coverage table: every route of the gateway's
 * `/openapi.json` and of its operator listener's `/admin/openapi.json`, keyed `METHOD /path/{param}`, with what it takes — a valid body to mutate, the
 * query parameters it reads, how it authenticates — or an explicit reason it is left out. A route
 * the document lists and this table does not fails the suites, so a new route cannot go unfuzzed.
 */

/** Ids of objects that exist in the fuzzed environment, by path parameter name. */
export interface KnownIds {
  workflowId: string;
  /** The same workflow, as `/v1/notification-templates/:templateId` names it. */
  templateId: string;
  /** A step of that workflow. */
  stepId: string;
  /** An email layout (its identifier, which v1 and v2 routes both take). */
  layoutId: string;
  subscriberId: string;
  topicKey: string;
  identifier: string;
  /** The subscriber's subscription to the topic (`tk_<topicKey>:si_<subscriberId>`). */
  subscriptionIdentifier: string;
  integrationId: string;
  transactionId: string;
  notificationId: string;
  /** The in-app job of that notification (its sent content can be re-rendered). */
  jobId: string;
  messageId: string;
  /** The same in-app message as `/v1/inbox/notifications` names it. */
  inboxNotificationId: string;
  providerId: string;
  /** An in-app message's button (`primary`), as the action routes name it. */
  buttonType: string;
  organizationId: string;
  environmentId: string;
  keyId: string;
}

/** What the trigger routes need in their bodies: a workflow that is never a path target, so edits cannot break it. */
export interface TriggerTargets {
  workflowId: string;
  subscriberId: string;
  topicKey: string;
  tenant: string;
}

export interface RouteSpec {
  /**
   * `apiKey` (the default), `operator` (admin routes: `Bearer <OPERATOR_TOKEN>`), `inboxToken` (the SSE
   * stream: fuzzed with bad tokens only), `inboxSession` (Novu's `/v1/inbox` API: a real session token
   * of a subscriber of the key's environment), `none`.
   */
  auth?: 'apiKey' | 'operator' | 'inboxToken' | 'inboxSession' | 'none';
  /** Path parameters filled from another known id than their own name (`notificationId` → `inboxNotificationId`). */
  params?: Record<string, keyof KnownIds>;
  /** A body the route accepts; the fuzzer mutates it. Absent: the route takes no body. */
  body?: (targets: TriggerTargets) => unknown;
  /** Query parameters the route reads, each with a valid value. */
  query?: Record<string, string>;
  /** Never aim this route at an existing object (it would delete or revoke what other cases rely on). */
  destructive?: boolean;
  /** How a 2xx answer reports the `trigger.requested.v1` messages it caused. */
  publishes?: 'single' | 'bulk';
}

export type Coverage = Record<string, RouteSpec | { excluded: string }>;

const inApp = (workflowId: string) => ({
  name: `Fuzz ${workflowId}`,
  workflowId,
  active: true,
  steps: [{ name: 'Inbox', type: 'in_app', controlValues: { subject: 'Hi', body: 'Hello {{payload.name}}' } }],
});
const paging = { page: '0', limit: '10' };
const trigger = (targets: TriggerTargets) => ({
  name: targets.workflowId,
  to: [
    targets.subscriberId,
    { subscriberId: `${targets.subscriberId}-b`, email: 'b@example.com', firstName: 'B' },
    { type: 'Topic', topicKey: targets.topicKey },
  ],
  payload: { name: 'Ada', items: [1, 'two', { three: 3 }] },
  overrides: { email: { subject: 'x' } },
  actor: targets.subscriberId,
  tenant: targets.tenant,
  transactionId: 'fuzz-transaction',
});

/** `@novu/api`'s server-side notification operations: the inbox's list, counts and actions with an API key. */
function subscriberNotificationRoutes(): Coverage {
  const one = { params: { notificationId: 'inboxNotificationId' as const } };
  const all = '/v2/subscribers/{subscriberId}/notifications';
  const base = `${all}/{notificationId}`;
  const bulk = { body: () => ({ tags: { and: [{ or: ['fuzz'] }] }, data: JSON.stringify({ kind: 'fuzz' }) }) };
  return {
    [`GET ${all}`]: {
      query: {
        limit: '10',
        offset: '0',
        read: 'false',
        archived: 'false',
        severity: 'high',
        data: '{"kind":"x"}',
        createdGte: '1704067200000',
        contextKeys: 'tenant:fuzz',
      },
    },
    [`GET ${all}/count`]: {
      query: {
        filters: JSON.stringify([
          { read: false, tags: ['fuzz'] },
          { seen: true, contextKeys: ['tenant:x'] },
        ]),
      },
    },
    [`POST ${all}/read`]: bulk,
    [`POST ${all}/archive`]: bulk,
    [`POST ${all}/read-archive`]: bulk,
    [`POST ${all}/seen`]: { body: () => ({ notificationIds: ['n-1'], tags: ['fuzz'], contextKeys: [] }) },
    [`POST ${all}/delete`]: { ...bulk, destructive: true },
    [`PATCH ${base}/read`]: one,
    [`PATCH ${base}/unread`]: one,
    [`PATCH ${base}/archive`]: one,
    [`PATCH ${base}/unarchive`]: one,
    [`PATCH ${base}/snooze`]: {
      ...one,
      body: () => ({ snoozeUntil: new Date(Date.now() + 3_600_000).toISOString() }),
    },
    [`PATCH ${base}/unsnooze`]: one,
    [`PATCH ${base}/actions/{actionType}/complete`]: { params: { ...one.params, actionType: 'buttonType' } },
    [`PATCH ${base}/actions/{actionType}/revert`]: { params: { ...one.params, actionType: 'buttonType' } },
    [`DELETE ${base}`]: { ...one, destructive: true },
  };
}

/** Novu's `/v1/inbox` API (`@novu/js`), behind the session token. */
function novuInboxRoutes(): Coverage {
  const session = { auth: 'inboxSession' as const };
  const one = { ...session, params: { notificationId: 'inboxNotificationId' as const } };
  const bulk = { ...session, body: () => ({ tags: ['fuzz'], data: JSON.stringify({ kind: 'fuzz' }) }) };
  return {
    'GET /v1/inbox/notifications': {
      ...session,
      query: { limit: '10', offset: '0', 'tags[]': 'fuzz', read: 'false', archived: 'false', data: '{"kind":"x"}' },
    },
    'GET /v1/inbox/notifications/count': {
      ...session,
      query: {
        filters: JSON.stringify([
          { read: false, tags: ['fuzz'] },
          { archived: true, severity: 'high' },
        ]),
      },
    },
    'PATCH /v1/inbox/notifications/{notificationId}/read': one,
    'PATCH /v1/inbox/notifications/{notificationId}/unread': one,
    'PATCH /v1/inbox/notifications/{notificationId}/archive': one,
    'PATCH /v1/inbox/notifications/{notificationId}/unarchive': one,
    'PATCH /v1/inbox/notifications/{notificationId}/snooze': {
      ...one,
      body: () => ({ snoozeUntil: new Date(Date.now() + 3_600_000).toISOString() }),
    },
    'PATCH /v1/inbox/notifications/{notificationId}/unsnooze': one,
    'PATCH /v1/inbox/notifications/{notificationId}/complete': { ...one, body: () => ({ actionType: 'primary' }) },
    'PATCH /v1/inbox/notifications/{notificationId}/revert': { ...one, body: () => ({ actionType: 'primary' }) },
    'DELETE /v1/inbox/notifications/{notificationId}/delete': { ...one, destructive: true },
    'POST /v1/inbox/notifications/read': bulk,
    'POST /v1/inbox/notifications/archive': bulk,
    'POST /v1/inbox/notifications/read-archive': bulk,
    'POST /v1/inbox/notifications/seen': { ...session, body: () => ({ notificationIds: ['n-1'], tags: ['fuzz'] }) },
    'POST /v1/inbox/notifications/delete': { ...bulk, destructive: true },
    'GET /v1/inbox/preferences': { ...session, query: { 'tags[]': 'fuzz', severity: 'high', criticality: 'all' } },
    'GET /v1/inbox/preferences/global': session,
    'PATCH /v1/inbox/preferences': { ...session, body: () => ({ email: false, in_app: true }) },
    'PATCH /v1/inbox/preferences/bulk': {
      ...session,
      body: (targets) => ({ preferences: [{ workflowId: targets.workflowId, email: false }] }),
    },
    'PATCH /v1/inbox/preferences/{workflowId}': { ...session, body: () => ({ in_app: false }) },
    'GET /v1/inbox/topics/{topicKey}/subscriptions': session,
    'GET /v1/inbox/topics/{topicKey}/subscriptions/{identifier}': session,
    'GET /v1/inbox/channel-connections': { ...session, query: { limit: '10' } },
    'GET /v1/inbox/channel-connections/{identifier}': session,
    'GET /v1/inbox/channel-endpoints': { ...session, query: { limit: '10' } },
    'GET /v1/inbox/channel-endpoints/{identifier}': session,
  };
}

export const ROUTE_COVERAGE: Coverage = {
  'GET /health/live': { excluded: 'liveness probe: no input, no auth by design' },
  'GET /health/ready': { excluded: 'readiness probe: no input, no auth by design' },
  'GET /metrics': {
    excluded:
      'Prometheus scrape endpoint on the operator listener: no input, no auth by design (404 on the public port)',
  },
  'GET /v1/environments': {},
  'GET /v1/environments/me': {},
  'GET /v2/environments/{environmentId}/tags': {},
  'GET /v1/execution-details': { query: { notificationId: 'fuzz-notification', subscriberId: 'fuzz-sub-1' } },

  'POST /v1/events/trigger': { body: trigger, publishes: 'single' },
  'POST /v1/events/trigger/bulk': {
    body: (targets) => ({ events: [trigger(targets), { ...trigger(targets), transactionId: 'fuzz-transaction-2' }] }),
    publishes: 'bulk',
  },
  'POST /v1/events/trigger/broadcast': {
    body: (targets) => ({ name: targets.workflowId, payload: { name: 'All' }, tenant: targets.tenant }),
    publishes: 'single',
  },
  'DELETE /v1/events/trigger/{transactionId}': { destructive: true },

  'POST /v2/workflows': { body: () => inApp('fuzz-created') },
  'GET /v2/workflows': { query: { offset: '0', limit: '10', query: 'fuzz' } },
  'GET /v2/workflows/{workflowId}': {},
  'PUT /v2/workflows/{workflowId}': { body: () => inApp('fuzz-edit') },
  'PATCH /v2/workflows/{workflowId}': {
    body: () => ({ active: true, name: 'Renamed', tags: ['a'], description: 'd' }),
  },
  'DELETE /v2/workflows/{workflowId}': { destructive: true },

  'POST /v1/tenants': { body: () => ({ identifier: 'fuzz-tenant-new', name: 'Tenant', data: { plan: 'pro' } }) },
  'GET /v1/tenants': { query: paging },
  'GET /v1/tenants/{identifier}': {},
  'PATCH /v1/tenants/{identifier}': { body: () => ({ name: 'Renamed', data: { plan: 'free' } }) },
  'DELETE /v1/tenants/{identifier}': { destructive: true },

  'POST /v1/integrations': {
    body: () => ({
      providerId: 'sendgrid',
      channel: 'email',
      name: 'SG',
      identifier: 'fuzz-sg',
      credentials: { apiKey: 'SG.fuzz', from: 'a@example.com' },
      active: false,
    }),
  },
  'GET /v1/integrations': {},
  'GET /v1/integrations/active': {},
  'PUT /v1/integrations/{integrationId}': {
    body: () => ({ name: 'Renamed', active: true, credentials: { webhookUrl: 'https://example.com/hook' } }),
  },
  'DELETE /v1/integrations/{integrationId}': { destructive: true },
  'POST /v1/integrations/{integrationId}/set-primary': {},
  // The console's: a send test through one integration (answered by its channel's runner), and
  // every integration's delivered and failed attempts.
  'POST /v1/integrations/{integrationId}/test': {
    body: () => ({ to: 'fuzz@example.com', subject: 'Fuzz test', body: 'Hello' }),
  },
  'GET /v1/integrations/delivery-stats': { query: { hours: '24', recent: '5' } },

  'POST /admin/organizations': { auth: 'operator', body: () => ({ name: 'Fuzz org' }) },
  'GET /admin/organizations': { auth: 'operator' },
  'GET /admin/organizations/{organizationId}': { auth: 'operator' },
  'GET /admin/organizations/{organizationId}/environments': { auth: 'operator' },
  'PATCH /admin/organizations/{organizationId}': { auth: 'operator', body: () => ({ name: 'Renamed org' }) },
  'POST /admin/organizations/{organizationId}/environments': {
    auth: 'operator',
    body: () => ({ name: 'Fuzz env', identifier: 'fuzz-env' }),
  },
  'POST /admin/environments/{environmentId}/api-keys': { auth: 'operator' },
  'GET /admin/environments/{environmentId}/api-keys': { auth: 'operator' },
  'POST /admin/api-keys/{keyId}/rotate': { auth: 'operator', destructive: true },
  'DELETE /admin/api-keys/{keyId}': { auth: 'operator', destructive: true },
  'DELETE /admin/environments/{environmentId}': { auth: 'operator', destructive: true },
  // The operator console's dead letters: a queue is named from a fixed list (anything else is 404).
  'GET /admin/dead-letters': { auth: 'operator' },
  'GET /admin/dead-letters/{queue}': { auth: 'operator', query: { limit: '5' } },
  'POST /admin/dead-letters/{queue}/replay': { auth: 'operator', destructive: true, query: { limit: '1' } },

  'GET /v1/subscribers/{subscriberId}/notifications/feed': {
    query: { ...paging, seen: 'false', read: 'false', archived: 'false' },
  },
  'GET /v1/subscribers/{subscriberId}/notifications/unseen': { query: { seen: 'false' } },
  'POST /v1/subscribers/{subscriberId}/messages/mark-as': { body: () => ({ messageId: 'm-1', markAs: 'read' }) },
  'POST /v1/subscribers/{subscriberId}/messages/mark-all': { body: () => ({ markAs: 'seen' }) },
  'POST /v1/subscribers/{subscriberId}/messages/markAs': {
    body: () => ({ messageId: 'm-1', mark: { seen: true, read: false } }),
  },
  'POST /v1/subscribers/{subscriberId}/messages/{messageId}/actions/{type}': {
    params: { messageId: 'inboxNotificationId', type: 'buttonType' },
    body: () => ({ status: 'done', payload: { k: 1 } }),
  },
  ...subscriberNotificationRoutes(),
  'POST /v1/inbox/session': { body: (targets) => ({ subscriberId: targets.subscriberId }) },
  'GET /v1/inbox/stream': { auth: 'inboxToken', query: { lastEventId: '0' } },
  ...novuInboxRoutes(),

  'POST /v2/subscribers': {
    body: () => ({ subscriberId: 'fuzz-sub-new', email: 'n@example.com', firstName: 'N', data: { k: 1 } }),
    query: { failIfExists: 'false' },
  },
  'GET /v2/subscribers': { query: { limit: '10', orderDirection: 'DESC', email: 'a@example.com' } },
  'GET /v2/subscribers/{subscriberId}': {},
  'PATCH /v2/subscribers/{subscriberId}': { body: () => ({ firstName: 'Renamed', data: { k: 2 } }) },
  'DELETE /v2/subscribers/{subscriberId}': { destructive: true },
  'POST /v1/subscribers/bulk': {
    body: () => ({
      subscribers: [{ subscriberId: 'fuzz-bulk-1', email: 'x@example.com' }, { subscriberId: 'fuzz-bulk-2' }],
    }),
  },
  'PUT /v1/subscribers/{subscriberId}/credentials': {
    body: () => ({ providerId: 'slack', credentials: { webhookUrl: 'https://hooks.example.com/x' } }),
  },
  'PATCH /v1/subscribers/{subscriberId}/credentials': {
    body: () => ({ providerId: 'fcm', credentials: { deviceTokens: ['t1'] } }),
  },
  'DELETE /v1/subscribers/{subscriberId}/credentials/{providerId}': { destructive: true },
  'POST /v1/subscribers': {
    body: () => ({
      subscriberId: 'fuzz-v1-new',
      email: 'v1@example.com',
      firstName: 'V',
      data: { k: 1 },
      channels: [{ providerId: 'slack', credentials: { webhookUrl: 'https://hooks.example.com/v1' } }],
    }),
  },
  'GET /v1/subscribers': { query: paging },
  'GET /v1/subscribers/{subscriberId}': {},
  'PUT /v1/subscribers/{subscriberId}': { body: () => ({ lastName: 'Renamed', locale: 'en', data: { k: 3 } }) },
  'DELETE /v1/subscribers/{subscriberId}': { destructive: true },
  'PATCH /v1/subscribers/{subscriberId}/online-status': { body: () => ({ isOnline: false }) },
  'GET /v1/subscribers/{subscriberId}/preferences': { query: { includeInactiveChannels: 'true' } },
  'GET /v1/subscribers/{subscriberId}/preferences/{level}': {},
  'PATCH /v1/subscribers/{subscriberId}/preferences': {
    body: () => ({ enabled: true, preferences: [{ type: 'email', enabled: false }] }),
  },
  'PATCH /v1/subscribers/{subscriberId}/preferences/{workflowId}': {
    body: () => ({ channel: { type: 'in_app', enabled: true }, enabled: true }),
  },
  'GET /v2/subscribers/{subscriberId}/preferences': { query: { criticality: 'all' } },
  'PATCH /v2/subscribers/{subscriberId}/preferences': { body: () => ({ channels: { email: false, in_app: true } }) },
  'PATCH /v2/subscribers/{subscriberId}/preferences/bulk': {
    body: (targets) => ({
      preferences: [{ workflowId: targets.workflowId, channels: { email: false, in_app: true } }],
    }),
  },
  'GET /v2/subscribers/{subscriberId}/subscriptions': { query: { limit: '10', key: 'fuzz', orderDirection: 'ASC' } },

  'POST /v2/topics': {
    body: () => ({ key: 'fuzz-topic-new', name: 'Topic', data: { a: 1 } }),
    query: { failIfExists: 'false' },
  },
  'GET /v2/topics': { query: { limit: '10', key: 'fuzz' } },
  'GET /v2/topics/{topicKey}': {},
  'PATCH /v2/topics/{topicKey}': { body: () => ({ name: 'Renamed' }) },
  'DELETE /v2/topics/{topicKey}': { destructive: true },
  'POST /v2/topics/{topicKey}/subscriptions': {
    body: () => ({ subscriberIds: ['fuzz-sub-1'], subscriptions: [{ subscriberId: 'fuzz-sub-2', identifier: 'i' }] }),
  },
  'GET /v2/topics/{topicKey}/subscriptions': { query: { limit: '10' } },
  'DELETE /v2/topics/{topicKey}/subscriptions': { destructive: true, body: () => ({ subscriberIds: ['fuzz-sub-1'] }) },
  'GET /v2/topics/{topicKey}/subscriptions/{identifier}': { params: { identifier: 'subscriptionIdentifier' } },
  'PATCH /v2/topics/{topicKey}/subscriptions/{identifier}': {
    params: { identifier: 'subscriptionIdentifier' },
    body: () => ({ name: 'Renamed subscription', preferences: [] }),
  },

  'POST /v1/topics': { body: () => ({ key: 'fuzz-topic-v1', name: 'Topic' }) },
  'GET /v1/topics': { query: { page: '0', pageSize: '10', key: 'fuzz' } },
  'GET /v1/topics/{topicKey}': {},
  'PATCH /v1/topics/{topicKey}': { body: () => ({ name: 'Renamed' }) },
  'DELETE /v1/topics/{topicKey}': { destructive: true },
  'POST /v1/topics/{topicKey}/subscribers': { body: () => ({ subscribers: ['fuzz-sub-1', 'fuzz-sub-2'] }) },
  'POST /v1/topics/{topicKey}/subscribers/removal': {
    destructive: true,
    body: () => ({ subscribers: ['fuzz-sub-1'] }),
  },
  'GET /v1/topics/{topicKey}/subscribers/{subscriberId}': {},

  'GET /v2/workflows/{workflowId}/steps/{stepId}': {},
  'POST /v2/workflows/{workflowId}/step/{stepId}/preview': {
    body: () => ({ controlValues: { body: 'Hi {{payload.name}}' }, previewPayload: { payload: { name: 'Ada' } } }),
  },

  'GET /v1/notification-templates': { query: { page: '0', limit: '10' } },
  'POST /v1/notification-templates': {
    body: () => ({
      name: 'Fuzz template',
      notificationGroupId: 'general',
      steps: [{ template: { type: 'in_app', content: 'Hi {{payload.name}}' } }],
    }),
  },
  'GET /v1/notification-templates/{templateId}': {},
  'PUT /v1/notification-templates/{templateId}': { body: () => ({ name: 'Renamed', description: 'd' }) },
  'PUT /v1/notification-templates/{templateId}/status': { body: () => ({ active: true }) },
  'DELETE /v1/notification-templates/{templateId}': { destructive: true },

  'POST /v1/layouts': {
    body: () => ({
      name: 'Fuzz layout',
      identifier: 'fuzz-layout',
      content: '<div>{{{body}}}</div>',
      isDefault: false,
    }),
  },
  'GET /v1/layouts': { query: { page: '0', pageSize: '10', sortBy: 'createdAt', orderBy: '-1' } },
  'GET /v1/layouts/{layoutId}': {},
  'PATCH /v1/layouts/{layoutId}': { body: () => ({ name: 'Renamed', content: '<main>{{{body}}}</main>' }) },
  'DELETE /v1/layouts/{layoutId}': { destructive: true },
  'POST /v1/layouts/{layoutId}/default': {},

  'POST /v2/layouts': { body: () => ({ layoutId: 'fuzz-layout-v2', name: 'Fuzz layout' }) },
  'GET /v2/layouts': { query: { limit: '10', offset: '0', orderBy: 'createdAt', orderDirection: 'DESC', query: 'f' } },
  'GET /v2/layouts/{layoutId}': {},
  'PUT /v2/layouts/{layoutId}': {
    body: () => ({
      name: 'Renamed',
      controlValues: { email: { body: '<main>{{content}}</main>', editorType: 'html' } },
    }),
  },
  'DELETE /v2/layouts/{layoutId}': { destructive: true },
  'POST /v2/layouts/{layoutId}/duplicate': { body: () => ({ name: 'Fuzz copy' }) },
  'POST /v2/layouts/{layoutId}/preview': {
    body: () => ({
      controlValues: { email: { body: '<main>{{subscriber.firstName}} {{content}}</main>', editorType: 'html' } },
      previewPayload: { subscriber: { firstName: 'Ada', email: 'ada@example.com' } },
    }),
  },
  'GET /v2/layouts/{layoutId}/usage': {},

  'GET /v1/notifications': {
    query: { ...paging, channels: 'email', subscriberIds: 'fuzz-sub-1', transactionId: 'fuzz-transaction' },
  },
  'GET /v1/notifications/{notificationId}': {},
  // The console's throughput series and a delivered step's content, re-rendered on demand.
  'GET /v1/notifications/throughput': { query: { minutes: '60' } },
  'GET /v1/notifications/{notificationId}/jobs/{jobId}/content': {},
  'GET /v1/messages': {
    query: { ...paging, channel: 'in_app', subscriberId: 'fuzz-sub-1', transactionId: 'fuzz-transaction' },
  },
  'DELETE /v1/messages/{messageId}': { destructive: true },
  'DELETE /v1/messages/transaction/{transactionId}': { destructive: true, query: { channel: 'in_app' } },
};

/** A route of the OpenAPI document. */
export interface DocumentedRoute {
  method: string;
  path: string;
  params: string[];
  key: string;
}

/**
 * Routes the gateway serves only on its operator listener (`ADMIN_HTTP_PORT`); the public port
 * answers 404 for them. They are documented in that listener's own `/admin/openapi.json`.
 */
export function onOperatorListener(route: { path: string }): boolean {
  return route.path === '/metrics' || route.path.startsWith('/admin/');
}

async function routesOf(url: string): Promise<DocumentedRoute[]> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.has(method))
      .map((method) => ({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
        key: `${method.toUpperCase()} ${path}`,
      })),
  );
}

/**
 * Every operation the gateway documents: the public `/openapi.json` and the operator listener's
 * `/admin/openapi.json` (decision 0043). A route in the wrong one is an error: the public document
 * must list no operator route, the operator one nothing else.
 */
export async function documentedRoutes(urls: { apiUrl: string; adminUrl: string }): Promise<DocumentedRoute[]> {
  const publicRoutes = await routesOf(`${urls.apiUrl}/openapi.json`);
  const operatorRoutes = await routesOf(`${urls.adminUrl}/admin/openapi.json`);
  const misplaced = [
    ...publicRoutes.filter(onOperatorListener).map((route) => `${route.key} in /openapi.json`),
    ...operatorRoutes
      .filter((route) => !onOperatorListener(route))
      .map((route) => `${route.key} in /admin/openapi.json`),
  ];
  if (misplaced.length > 0) throw new Error(`routes documented on the wrong listener: ${misplaced.join(', ')}`);
  return [...publicRoutes, ...operatorRoutes];
}

/** The documented routes the table does not cover, and the table's entries no longer documented. */
export function coverageGaps(
  routes: DocumentedRoute[],
  coverage: Coverage = ROUTE_COVERAGE,
): { uncovered: string[]; stale: string[] } {
  const documented = new Set(routes.map((route) => route.key));
  return {
    uncovered: [...documented].filter((key) => !(key in coverage)),
    stale: Object.keys(coverage).filter((key) => !documented.has(key)),
  };
}

/** The fuzzable routes with their spec (excluded ones left out). */
export function fuzzableRoutes(
  routes: DocumentedRoute[],
  coverage: Coverage = ROUTE_COVERAGE,
): (DocumentedRoute & { spec: RouteSpec })[] {
  return routes.flatMap((route) => {
    const spec = coverage[route.key];
    return spec && !('excluded' in spec) ? [{ ...route, spec }] : [];
  });
}

/** The route's path with its parameters filled in (values inserted as given: callers encode, or deliberately do not). */
export function fillPath(path: string, values: (param: string) => string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, param: string) => values(param));
}
