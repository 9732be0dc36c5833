import { canonicalJson } from '../../../core/json/canonical-json';

/** One way a value fails a schema. */
export interface SchemaIssue {
  /** Where in the value, dotted from `root` (`payload.user.email`, `payload.items[2]`). */
  field: string;
  message: string;
  value?: unknown;
  /** Where in the schema (`#/properties/user/properties/email/format`). */
  schemaPath: string;
}

type Schema = boolean | Record<string, unknown>;

const MAX_ISSUES = 50;
const FORMATS: Record<string, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[tT ]\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:?\d{2})$/,
};
const patterns = new Map<string, RegExp | null>();

/**
 * Validates a value against the JSON Schema keywords workflow payload schemas use: `type`
 * (incl. `integer`, `null`, lists), `required`, `properties`, `additionalProperties`, `enum`,
 * `const`, `minimum`/`maximum` (and exclusive), `multipleOf`, `minLength`/`maxLength`, `pattern`,
 * `format` (email, uri, uuid, date, date-time), `items`, `minItems`/`maxItems`, `uniqueItems`,
 * `minProperties`/`maxProperties`, `allOf`/`anyOf`/`oneOf`/`not`. Unknown keywords (and `$ref`)
 * are ignored. Returns at most 50 issues; empty means valid.
 */
export function validateAgainstSchema(schema: unknown, value: unknown, root = 'payload'): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  visit(asSchema(schema), value, root, '#', issues);
  return issues.slice(0, MAX_ISSUES);
}

function asSchema(schema: unknown): Schema {
  if (typeof schema === 'boolean') return schema;
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? (schema as Record<string, unknown>) : true;
}

function visit(schema: Schema, value: unknown, field: string, schemaPath: string, issues: SchemaIssue[]): void {
  if (issues.length >= MAX_ISSUES || schema === true) return;
  const fail: Fail = (keyword, message) => {
    issues.push({ field, message, value, schemaPath: `${schemaPath}/${keyword}` });
  };
  if (schema === false) return fail('false', 'is not allowed');

  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type): type is string => typeof type === 'string');
    if (types.length > 0 && !types.some((type) => hasType(value, type))) return fail('type', `must be ${types.join(' or ')}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(option, value))) {
    fail('enum', `must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if ('const' in schema && !sameJson(schema.const, value)) fail('const', `must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') checkNumber(schema, value, fail);
  if (typeof value === 'string') checkString(schema, value, fail);
  if (Array.isArray(value)) checkArray(schema, value, field, schemaPath, issues, fail);
  else if (value !== null && typeof value === 'object') checkObject(schema, value as Record<string, unknown>, field, schemaPath, issues, fail);
  checkCombinators(schema, value, field, schemaPath, issues, fail);
}

type Fail = (keyword: string, message: string) => void;

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

function checkNumber(schema: Record<string, unknown>, value: number, fail: Fail): void {
  const bound = (keyword: string) => (typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined);
  const [minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf] = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'].map(bound);
  if (minimum !== undefined && value < minimum) fail('minimum', `must be >= ${minimum}`);
  if (maximum !== undefined && value > maximum) fail('maximum', `must be <= ${maximum}`);
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) fail('exclusiveMinimum', `must be > ${exclusiveMinimum}`);
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) fail('exclusiveMaximum', `must be < ${exclusiveMaximum}`);
  if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(Number((value / multipleOf).toFixed(9)))) fail('multipleOf', `must be a multiple of ${multipleOf}`);
}

function checkString(schema: Record<string, unknown>, value: string, fail: Fail): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength) fail('minLength', `must have at least ${schema.minLength} characters`);
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('maxLength', `must have at most ${schema.maxLength} characters`);
  if (typeof schema.pattern === 'string') {
    const pattern = compile(schema.pattern);
    if (pattern && !pattern.test(value)) fail('pattern', `must match pattern "${schema.pattern}"`);
  }
  if (typeof schema.format === 'string' && FORMATS[schema.format] && !FORMATS[schema.format].test(value)) {
    fail('format', `must be a valid ${schema.format}`);
  }
}

function checkArray(schema: Record<string, unknown>, value: unknown[], field: string, schemaPath: string, issues: SchemaIssue[], fail: Fail): void {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems', `must have at least ${schema.minItems} items`);
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems', `must have at most ${schema.maxItems} items`);
  if (schema.uniqueItems === true && new Set(value.map((item) => canonicalJson(item))).size !== value.length) fail('uniqueItems', 'must not contain duplicates');
  if (Array.isArray(schema.items)) {
    schema.items.forEach((itemSchema, index) => {
      if (index < value.length) visit(asSchema(itemSchema), value[index], `${field}[${index}]`, `${schemaPath}/items/${index}`, issues);
    });
  } else if (schema.items !== undefined) {
    value.forEach((item, index) => visit(asSchema(schema.items), item, `${field}[${index}]`, `${schemaPath}/items`, issues));
  }
}

function checkObject(
  schema: Record<string, unknown>,
  value: Record<string, unknown>,
  field: string,
  schemaPath: string,
  issues: SchemaIssue[],
  fail: Fail,
): void {
  const properties = asRecord(schema.properties);
  const keys = Object.keys(value);
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) fail('minProperties', `must have at least ${schema.minProperties} properties`);
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) fail('maxProperties', `must have at most ${schema.maxProperties} properties`);
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !Object.hasOwn(value, name)) {
        issues.push({ field: `${field}.${name}`, message: 'is required', schemaPath: `${schemaPath}/required` });
      }
    }
  }
  for (const key of keys) {
    const childField = `${field}.${key}`;
    if (properties && Object.hasOwn(properties, key)) {
      visit(asSchema(properties[key]), value[key], childField, `${schemaPath}/properties/${key}`, issues);
    } else if (schema.additionalProperties === false) {
      issues.push({ field: childField, message: 'is not allowed', value: value[key], schemaPath: `${schemaPath}/additionalProperties` });
    } else if (schema.additionalProperties !== undefined) {
      visit(asSchema(schema.additionalProperties), value[key], childField, `${schemaPath}/additionalProperties`, issues);
    }
  }
}

function checkCombinators(schema: Record<string, unknown>, value: unknown, field: string, schemaPath: string, issues: SchemaIssue[], fail: Fail): void {
  const matches = (candidate: unknown) => {
    const scratch: SchemaIssue[] = [];
    visit(asSchema(candidate), value, field, schemaPath, scratch);
    return scratch.length === 0;
  };
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((part, index) => visit(asSchema(part), value, field, `${schemaPath}/allOf/${index}`, issues));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some(matches)) fail('anyOf', 'must match at least one of the allowed schemas');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter(matches).length !== 1) fail('oneOf', 'must match exactly one of the allowed schemas');
  if (schema.not !== undefined && matches(schema.not)) fail('not', 'must not match the excluded schema');
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function sameJson(left: unknown, right: unknown): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

function compile(source: string): RegExp | null {
  if (!patterns.has(source)) {
    let compiled: RegExp | null;
    try {
      compiled = new RegExp(source, 'u');
    } catch {
      compiled = null; // A broken pattern is the workflow author's mistake, not the caller's.
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, compiled);
  }
  return patterns.get(source) ?? null;
}
