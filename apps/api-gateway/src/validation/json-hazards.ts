/** Why a parsed JSON document is refused before any code walks it. */
export type JsonHazard = { kind: 'too-deep'; path: string } | { kind: 'forbidden-property'; path: string };

/** Nesting the gateway accepts; far beyond any real payload, far below the stack limits of recursive code. */
export const MAX_JSON_DEPTH = 64;

/**
 * Finds the first hazard in a parsed JSON value without recursion: nesting deeper than
 * `maxDepth` (recursive code further down — class-transformer, hashing, serialisers — would
 * overflow the stack) or a property that pollutes prototypes when merged (`__proto__`, or
 * `constructor.prototype`), as secure-json-parse refuses them.
 */
export function findJsonHazard(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonHazard | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { kind: 'too-deep', path: path || '(root)' };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], depth: depth + 1, path: `${path}[${index}]` });
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const childPath = path ? `${path}.${key}` : key;
      if (key === '__proto__') return { kind: 'forbidden-property', path: childPath };
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        return { kind: 'forbidden-property', path: `${childPath}.prototype` };
      }
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}
