/**
 * JSON with object keys sorted at every level, so two documents that differ only in key order
 * serialise identically. Array order is kept (it is meaningful). `undefined` members are dropped,
 * as JSON.stringify drops them. Expects parsed JSON (the body parser bounds its depth).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}
