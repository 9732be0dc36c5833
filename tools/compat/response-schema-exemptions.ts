/** Routes outside the public API, or whose answer is not JSON, and so need no response schema. */
export const NO_RESPONSE_SCHEMA_NEEDED: Readonly<Record<string, string>> = {
  'GET /health/live': 'liveness probe (plain text)',
  'GET /health/ready': 'readiness probe (plain text)',
  'GET /metrics': 'Prometheus text format, operator listener only',
  'GET /v1/inbox/stream': 'server-sent events (text/event-stream), not JSON',
};

/** Operator routes (`/admin`, operator listener only) are not part of the public API. */
export const isOperatorRoute = (route: string): boolean => / \/admin\//.test(route);
