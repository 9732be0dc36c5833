import type { ActivityFilters } from '../api/activity.types';

/** Where the console is served; every route lives below it. */
export const CONSOLE_BASE = '/console';

export type ConsoleRoute =
  { view: 'activity'; filters: ActivityFilters; page: number } | { view: 'notification'; notificationId: string };

const FILTER_KEYS = ['workflow', 'subscriberId', 'transactionId', 'channel', 'status', 'after', 'before'] as const;

/** Reads a route from a path and query string (`/console/notifications/<id>`, `/console/notifications?…`). */
export function parseRoute(pathname: string, search: string): ConsoleRoute {
  const rest = pathname.startsWith(CONSOLE_BASE) ? pathname.slice(CONSOLE_BASE.length) : pathname;
  const match = /^\/notifications\/([^/]+)\/?$/.exec(rest);
  if (match) return { view: 'notification', notificationId: decodeURIComponent(match[1]) };
  const query = new URLSearchParams(search);
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
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = route.filters[key];
    if (value) query.set(key, value);
  }
  if (route.page > 0) query.set('page', String(route.page));
  const search = query.toString();
  return `${CONSOLE_BASE}/notifications${search ? `?${search}` : ''}`;
}
