import { PAYLOAD_SCHEMA_LIMITS as LIMITS } from './payload-schema.limits';

/** Why a payload schema cannot be used, and where in it (`properties.name.pattern`; '' is the root). */
export interface PayloadSchemaProblem {
  path: string;
  reason: string;
}

/** A regular expression of the schema, with where it sits. */
export interface SchemaPattern {
  path: string;
  source: string;
}

/** What {@link inspectPayloadSchema} found: a problem, or the patterns still to be checked. */
export type SchemaInspection = { problem: PayloadSchemaProblem } | { patterns: SchemaPattern[] };

/** Draft-07 keywords whose value is one subschema. */
const ONE = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'];
/** … a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf'];
/** … a map of subschemas. */
const MAP = ['properties', 'patternProperties', 'definitions', '$defs'];

class Refusal extends Error {
  constructor(readonly problem: PayloadSchemaProblem) {
    super(problem.reason);
  }
}

/**
 * The structural limits of a payload schema, checked without compiling or running anything: its
 * size, nesting, the number of subschemas ajv may evaluate per value (a `$ref` costs what it
 * names, so definitions that reference each other twice cannot multiply the work), local
 * non-recursive `$ref`s only, no nested `$id`, and the length of each regular expression.
 * Returns the first problem, or the patterns for the ReDoS check.
 */
export function inspectPayloadSchema(schema: unknown): SchemaInspection {
  if (!isRecord(schema)) return { problem: { path: '', reason: 'must be a JSON Schema (an object)' } };
  const length = JSON.stringify(schema).length;
  if (length > LIMITS.maxSchemaLength) {
    return {
      problem: { path: '', reason: `must serialize to at most ${LIMITS.maxSchemaLength} characters (has ${length})` },
    };
  }
  const walker = new Walker(schema);
  try {
    walker.measure(schema, [], 0);
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.problem };
    throw error;
  }
  return { patterns: walker.patterns };
}

class Walker {
  readonly patterns: SchemaPattern[] = [];
  private readonly seenPatterns = new Set<string>();
  /** Expanded cost of each `$ref` target, by pointer; `null` while it is being measured. */
  private readonly refCosts = new Map<string, number | null>();
  private total = 0;

  constructor(private readonly root: Record<string, unknown>) {}

  /** The subschemas `node` makes ajv evaluate, its `$ref`s expanded. */
  measure(node: unknown, path: string[], depth: number): number {
    if (typeof node === 'boolean') return this.count(1, path);
    if (!isRecord(node))
      throw new Refusal({ path: dotted(path), reason: 'must be a JSON Schema (an object or a boolean)' });
    if (depth > LIMITS.maxDepth) {
      throw new Refusal({ path: dotted(path), reason: `nests subschemas more than ${LIMITS.maxDepth} levels deep` });
    }
    if (path.length > 0 && node.$id !== undefined) {
      throw new Refusal({ path: dotted([...path, '$id']), reason: 'is only allowed at the root of a payload schema' });
    }
    let cost = this.count(1, path);
    if (typeof node.pattern === 'string') this.addPattern(node.pattern, [...path, 'pattern']);
    if (node.$ref !== undefined) cost += this.measureRef(node.$ref, [...path, '$ref']);
    for (const keyword of ONE) {
      if (node[keyword] !== undefined) cost += this.measure(node[keyword], [...path, keyword], depth + 1);
    }
    for (const keyword of LIST) {
      if (Array.isArray(node[keyword])) {
        (node[keyword] as unknown[]).forEach((child, index) => {
          cost += this.measure(child, [...path, keyword, String(index)], depth + 1);
        });
      }
    }
    if (Array.isArray(node.items)) {
      node.items.forEach((child, index) => (cost += this.measure(child, [...path, 'items', String(index)], depth + 1)));
    } else if (node.items !== undefined) {
      cost += this.measure(node.items, [...path, 'items'], depth + 1);
    }
    for (const keyword of MAP) {
      if (!isRecord(node[keyword])) continue;
      for (const [key, child] of Object.entries(node[keyword] as Record<string, unknown>)) {
        if (keyword === 'patternProperties') this.addPattern(key, [...path, keyword, key]);
        cost += this.measureChild(child, [...path, keyword, key], depth + 1);
      }
    }
    if (isRecord(node.dependencies)) {
      for (const [key, child] of Object.entries(node.dependencies)) {
        if (!Array.isArray(child)) cost += this.measure(child, [...path, 'dependencies', key], depth + 1);
      }
    }
    return cost;
  }

  /** A definition is measured once: a `$ref` to it reuses the number. */
  private measureChild(child: unknown, path: string[], depth: number): number {
    const pointer = toPointer(path);
    const known = this.refCosts.get(pointer);
    if (typeof known === 'number') return this.count(known, path);
    this.refCosts.set(pointer, null);
    const before = this.total;
    this.measure(child, path, depth);
    const cost = this.total - before;
    this.refCosts.set(pointer, cost);
    return cost;
  }

  private measureRef(ref: unknown, path: string[]): number {
    if (typeof ref !== 'string' || !(ref === '#' || ref.startsWith('#/'))) {
      throw new Refusal({ path: dotted(path), reason: 'must be a local reference ("#" or "#/…") into this schema' });
    }
    const segments = ref === '#' ? [] : ref.slice(2).split('/').map(unescapePointer);
    if (segments.includes(INVALID))
      throw new Refusal({ path: dotted(path), reason: `is not a valid JSON pointer ("${ref}")` });
    const pointer = toPointer(segments);
    const known = this.refCosts.get(pointer);
    if (known === null || ref === '#') {
      throw new Refusal({ path: dotted(path), reason: `is recursive ("${ref}" refers to a schema that contains it)` });
    }
    if (known !== undefined) return this.count(known, path);
    const target = resolve(this.root, segments);
    if (target === undefined)
      throw new Refusal({ path: dotted(path), reason: `refers to "${ref}", which this schema does not have` });
    return this.measureChild(target, segments, segments.length);
  }

  private count(cost: number, path: string[]): number {
    this.total += cost;
    if (this.total > LIMITS.maxSubschemas) {
      const reason =
        `makes ajv evaluate more than ${LIMITS.maxSubschemas} subschemas per value ` +
        '(each $ref counts as what it names)';
      throw new Refusal({ path: dotted(path), reason });
    }
    return cost;
  }

  private addPattern(source: string, path: string[]): void {
    if (source.length > LIMITS.maxPatternLength) {
      throw new Refusal({
        path: dotted(path),
        reason: `is a pattern longer than ${LIMITS.maxPatternLength} characters`,
      });
    }
    if (this.seenPatterns.has(source)) return;
    this.seenPatterns.add(source);
    if (this.seenPatterns.size > LIMITS.maxPatterns) {
      throw new Refusal({
        path: dotted(path),
        reason: `is one pattern too many: at most ${LIMITS.maxPatterns} distinct patterns`,
      });
    }
    this.patterns.push({ path: dotted(path), source });
  }
}

function resolve(root: unknown, segments: string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

function toPointer(segments: string[]): string {
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const INVALID = '\u0000invalid';

function unescapePointer(segment: string): string {
  try {
    return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
  } catch {
    return INVALID;
  }
}

/** `properties.user.pattern`, `patternProperties["^x-"]`: the path a 422 names. */
export function dotted(segments: string[]): string {
  return segments
    .map((segment) => (/^[A-Za-z_$][\w$]*$|^\d+$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
