/**
 * JSON with object keys sorted at every level, so two documents that differ only in key order
 * serialise identically. Array order is kept (it is meaningful). `undefined` members are dropped,
 * as JSON.stringify drops them. Expects parsed JSON (the body parser bounds its depth). Stored
 * fingerprints depend on these exact bytes: change the output, and keys taken before a rollout
 * stop matching their retries.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      const item: unknown = value[index];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
