import type { ActivityFilters } from '../api/activity.types';

/** Where the console is served; every route lives below it. */
export const CONSOLE_BASE = '/console';

export type ConsoleRoute =
  | { view: 'activity'; filters: ActivityFilters; page: number }
  | { view: 'notification'; notificationId: string }
  | { view: 'subscribers'; search?: string }
  | { view: 'subscriber'; subscriberId: string }
  | { view: 'integrations' }
  | { view: 'workflows' }
  | { view: 'workflow'; workflowId: string };

/** The sections of the console's navigation, with the route each opens. */
export const SECTIONS = [
  { label: 'Activity', route: { view: 'activity', filters: {}, page: 0 } },
  { label: 'Workflows', route: { view: 'workflows' } },
  { label: 'Subscribers', route: { view: 'subscribers' } },
  { label: 'Integrations', route: { view: 'integrations' } },
] as const satisfies readonly { label: string; route: ConsoleRoute }[];

/** The section a route belongs to (its label). */
export function sectionOf(route: ConsoleRoute): (typeof SECTIONS)[number]['label'] {
  if (route.view === 'subscriber' || route.view === 'subscribers') return 'Subscribers';
  if (route.view === 'workflow' || route.view === 'workflows') return 'Workflows';
  if (route.view === 'integrations') return 'Integrations';
  return 'Activity';
}

const FILTER_KEYS = ['workflow', 'subscriberId', 'transactionId', 'channel', 'status', 'after', 'before'] as const;

/** Reads a route from a path and query string (`/console/notifications/<id>`, `/console/notifications?…`). */
export function parseRoute(pathname: string, search: string): ConsoleRoute {
  const rest = pathname.startsWith(CONSOLE_BASE) ? pathname.slice(CONSOLE_BASE.length) : pathname;
  const match = /^\/notifications\/([^/]+)\/?$/.exec(rest);
  if (match) return { view: 'notification', notificationId: decodeURIComponent(match[1]) };
  const query = new URLSearchParams(search);
  const resource = /^\/(subscribers|workflows|integrations)(?:\/([^/]+))?\/?$/.exec(rest);
  if (resource) {
    const id = resource[2] === undefined ? undefined : decodeURIComponent(resource[2]);
    if (resource[1] === 'integrations') return { view: 'integrations' };
    if (resource[1] === 'workflows') return id ? { view: 'workflow', workflowId: id } : { view: 'workflows' };
    if (id) return { view: 'subscriber', subscriberId: id };
    const term = query.get('search')?.trim();
    return term ? { view: 'subscribers', search: term } : { view: 'subscribers' };
  }
  const filters: ActivityFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const page = Number.parseInt(query.get('page') ?? '0', 10);
  return { view: 'activity', filters, page: Number.isFinite(page) && page > 0 ? page : 0 };
}

/** The URL of a route (relative to the origin). */
export function routeUrl(route: ConsoleRoute): string {
  if (route.view === 'notification') return `${CONSOLE_BASE}/notifications/${encodeURIComponent(route.notificationId)}`;
  if (route.view === 'subscriber') return `${CONSOLE_BASE}/subscribers/${encodeURIComponent(route.subscriberId)}`;
  if (route.view === 'subscribers')
    return `${CONSOLE_BASE}/subscribers${route.search ? `?${new URLSearchParams({ search: route.search })}` : ''}`;
  if (route.view === 'workflow') return `${CONSOLE_BASE}/workflows/${encodeURIComponent(route.workflowId)}`;
  if (route.view === 'workflows' || route.view === 'integrations') return `${CONSOLE_BASE}/${route.view}`;
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = route.filters[key];
    if (value) query.set(key, value);
  }
  if (route.page > 0) query.set('page', String(route.page));
  const search = query.toString();
  return `${CONSOLE_BASE}/notifications${search ? `?${search}` : ''}`;
}
