/**
 * Public routes that answer a body the OpenAPI document does not describe yet (no `@OpenApi({ response })`),
 * as found when the check was introduced (decision 0042). The list only shrinks: the spec fails for a route
 * missing from it (document the new route's response) and for a listed route that is documented now
 * (delete its line).
 */
export const UNDOCUMENTED_RESPONSES: readonly string[] = [
  'GET /v1/subscribers/{subscriberId}/notifications/feed',
  'GET /v1/subscribers/{subscriberId}/notifications/unseen',
  'POST /v1/subscribers/{subscriberId}/messages/mark-as',
  'POST /v1/subscribers/{subscriberId}/messages/mark-all',
];

/** Routes outside the public API, or whose answer is not JSON, and so need no response schema. */
export const NO_RESPONSE_SCHEMA_NEEDED: Readonly<Record<string, string>> = {
  'GET /health/live': 'liveness probe (plain text)',
  'GET /health/ready': 'readiness probe (plain text)',
  'GET /metrics': 'Prometheus text format, operator listener only',
  'GET /v1/inbox/stream': 'server-sent events (text/event-stream), not JSON',
};

/** Operator routes (`/admin`, operator listener only) are not part of the public API. */
export const isOperatorRoute = (route: string): boolean => / \/admin\//.test(route);
