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
  const keys = sortInPlace(Object.keys(record));
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

/** Code-unit order, as `Array#sort` without a comparator; in place (no work array for the few keys of JSON objects). */
function sortInPlace(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index];
    let at = index;
    while (at > 0 && keys[at - 1] > key) {
      keys[at] = keys[at - 1];
      at -= 1;
    }
    keys[at] = key;
  }
  return keys;
}
