/** Why a parsed JSON document is refused before any code walks it. */
export type JsonHazard = { kind: 'too-deep'; path: string } | { kind: 'forbidden-property'; path: string };

/** Nesting the gateway accepts; far beyond any real payload, far below the stack limits of recursive code. */
export const MAX_JSON_DEPTH = 64;

/**
 * Finds the first hazard in a parsed JSON value without recursion: nesting deeper than
 * `maxDepth` (recursive code further down — validation, hashing, serialisers — would
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
      for (let index = value.length - 1; index >= 0; index -= 1)
        stack.push({ value: value[index], depth: depth + 1, path: `${path}[${index}]` });
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

/** Why a string cannot be stored as it is: Postgres holds neither U+0000 nor a lone surrogate (in `text` or `jsonb`). */
export type UnstorableString = { kind: 'nul' | 'lone-surrogate'; path: string };

const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first key or string value Postgres cannot store: one holding U+0000, or a lone UTF-16
 * surrogate (`"\ud800"` is valid JSON, but not Unicode; `jsonb` refuses it, and as raw bytes the
 * body parser already refuses it as invalid UTF-8). JSON can carry either only as a `\u` escape,
 * so the walk runs only when the raw text has one: ordinary bodies pay a substring search.
 */
export function findUnstorableString(root: unknown, text: string): UnstorableString | undefined {
  const nul = text.includes('\\u0000');
  const surrogate = LONE_SURROGATE_ESCAPE.test(text);
  if (!nul && !surrogate) return undefined;
  const problem = (value: string): UnstorableString['kind'] | undefined => {
    if (nul && value.includes('\u0000')) return 'nul';
    if (surrogate && LONE_SURROGATE.test(value)) return 'lone-surrogate';
    return undefined;
  };
  const printable = (path: string) =>
    path.replace(/\u0000/g, '\\u0000').replace(/[\ud800-\udfff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const kind = problem(value);
      if (kind) return { kind, path: printable(path) || '(root)' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((child, index) => stack.push({ value: child, path: `${path}[${index}]` }));
      continue;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      const kind = problem(key);
      if (kind) return { kind, path: printable(childPath) };
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}
