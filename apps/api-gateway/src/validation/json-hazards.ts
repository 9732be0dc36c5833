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
  // Every body is walked; almost none has a hazard. The cheap walk decides, the one that names paths explains.
  return hasJsonHazard(root, maxDepth) ? locateJsonHazard(root, maxDepth) : undefined;
}

/** Whether `findJsonHazard` finds anything, without building paths. */
function hasJsonHazard(root: unknown, maxDepth: number): boolean {
  if (root === null || typeof root !== 'object') return false;
  const values: object[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop()!;
    const depth = depths.pop()!;
    if (depth >= maxDepth) return true;
    const children = Array.isArray(value) ? (value as unknown[]) : undefined;
    if (children) {
      for (const child of children) {
        if (child !== null && typeof child === 'object') {
          values.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (key === '__proto__') return true;
      if (child === null || typeof child !== 'object') continue;
      if (key === 'constructor' && Object.hasOwn(child, 'prototype')) return true;
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

function locateJsonHazard(root: unknown, maxDepth: number): JsonHazard | undefined {
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
