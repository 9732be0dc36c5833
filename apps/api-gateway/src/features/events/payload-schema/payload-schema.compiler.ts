import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

import { canonicalJson } from '../../../core/json/canonical-json';
import { FORMAT_MAX_LENGTH, PAYLOAD_SCHEMA_LIMITS as LIMITS } from './payload-schema.limits';

/** One way a value fails a schema. */
export interface SchemaIssue {
  /** Where in the value, dotted from `root` (`payload.user.email`, `payload.items[2]`). */
  field: string;
  message: string;
  value?: unknown;
  /** Where in the schema (`#/properties/user/properties/email/format`). */
  schemaPath: string;
}

/** A payload schema compiled by ajv: returns the payload's issues (empty when it is valid). */
export type PayloadValidator = (payload: unknown, payloadBytes?: number) => SchemaIssue[];

/**
 * Linear regular expressions (recheck: "safe", checked in the spec), applied only to strings up to
 * `FORMAT_MAX_LENGTH`: the quadratic `email` check the hand-written validator had is gone.
 */
const FORMATS: Record<keyof typeof FORMAT_MAX_LENGTH, RegExp> = {
  email: /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  time: /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[zZ]|[+-]\d{2}:?\d{2})?$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[tT ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[zZ]|[+-]\d{2}:?\d{2})$/,
  ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
};

/** The formats as matchers, for the spec that proves them linear. */
export const PAYLOAD_FORMATS: Readonly<Record<string, RegExp>> = FORMATS;

function newAjv(allErrors: boolean): Ajv {
  const ajv = new Ajv({
    allErrors,
    // Unknown keywords and formats are ignored, as before ajv; `$data` stays off (a payload never
    // supplies a pattern or a limit).
    strict: false,
    logger: false,
    verbose: true,
    messages: false,
    multipleOfPrecision: 9,
    addUsedSchema: false,
  });
  // ajv's own `uniqueItems` compares every pair of items (O(n²) for objects): this one is linear.
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', validate: uniqueItems });
  for (const [name, pattern] of Object.entries(FORMATS)) {
    const max = FORMAT_MAX_LENGTH[name as keyof typeof FORMAT_MAX_LENGTH];
    ajv.addFormat(name, { type: 'string', validate: (value: string) => value.length <= max && pattern.test(value) });
  }
  return ajv;
}

function uniqueItems(unique: boolean, items: unknown[]): boolean {
  if (!unique) return true;
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/**
 * Compiles a payload schema that passed `inspectPayloadSchema` and the pattern check; throws
 * ajv's error when it is not a valid draft-07 JSON Schema. `$schema` is ignored (ajv knows
 * draft-07 only). The validator stops at the first problem of a large payload; a payload of at most
 * `allErrorsMaxPayloadBytes` gets every problem (up to `maxIssues`), from a second validator compiled
 * the first time one is needed.
 */
export function compilePayloadSchema(schema: Record<string, unknown>): PayloadValidator {
  const { $schema: _ignored, ...rest } = schema;
  const first = newAjv(false).compile(rest);
  let every: ValidateFunction | undefined;
  return (payload, payloadBytes = Number.POSITIVE_INFINITY) => {
    if (first(payload)) return [];
    if (payloadBytes > LIMITS.allErrorsMaxPayloadBytes) return toIssues(first.errors ?? [], payload);
    every ??= newAjv(true).compile(rest);
    every(payload);
    return toIssues(every.errors ?? first.errors ?? [], payload);
  };
}

function toIssues(errors: ErrorObject[], payload: unknown): SchemaIssue[] {
  // A failed anyOf/oneOf reports its branches' errors too: keep the combinator's own.
  const combinators = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/`);
  const issues: SchemaIssue[] = [];
  for (const error of errors) {
    if (combinators.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    issues.push(toIssue(error, payload));
    if (issues.length >= LIMITS.maxIssues) break;
  }
  return issues;
}

function toIssue(error: ErrorObject, payload: unknown): SchemaIssue {
  const field = fieldOf(error.instancePath, payload);
  const { params, schemaPath } = error;
  const issue = (message: string, at = field, value: unknown = error.data): SchemaIssue => ({
    field: at,
    message,
    ...(value !== undefined ? { value } : {}),
    schemaPath,
  });
  switch (error.keyword) {
    case 'required':
      return { field: `${field}.${String(params.missingProperty)}`, message: 'is required', schemaPath };
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return issue('is not allowed', `${field}.${name}`, (error.data as Record<string, unknown>)[name]);
    }
    case 'false schema':
      return issue('is not allowed');
    case 'type':
      return issue(`must be ${String(params.type).split(',').join(' or ')}`);
    case 'enum':
      return issue(
        `must be one of ${(params.allowedValues as unknown[]).map((option) => JSON.stringify(option)).join(', ')}`,
      );
    case 'const':
      return issue(`must be ${JSON.stringify(params.allowedValue)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return issue(`must be ${String(params.comparison)} ${String(params.limit)}`);
    case 'multipleOf':
      return issue(`must be a multiple of ${String(params.multipleOf)}`);
    case 'minLength':
      return issue(`must have at least ${String(params.limit)} characters`);
    case 'maxLength':
      return issue(`must have at most ${String(params.limit)} characters`);
    case 'minItems':
      return issue(`must have at least ${String(params.limit)} items`);
    case 'maxItems':
      return issue(`must have at most ${String(params.limit)} items`);
    case 'minProperties':
      return issue(`must have at least ${String(params.limit)} properties`);
    case 'maxProperties':
      return issue(`must have at most ${String(params.limit)} properties`);
    case 'uniqueItems':
      return issue('must not contain duplicates');
    case 'pattern':
      return issue(`must match pattern "${String(params.pattern)}"`);
    case 'format':
      return issue(`must be a valid ${String(params.format)}`);
    case 'anyOf':
      return issue('must match at least one of the allowed schemas');
    case 'oneOf':
      return issue('must match exactly one of the allowed schemas');
    case 'not':
      return issue('must not match the excluded schema');
    default:
      return issue(`must satisfy "${error.keyword}"`);
  }
}

/** `/user/tags/0` → `payload.user.tags[0]`, indexing only where the payload has an array. */
function fieldOf(instancePath: string, payload: unknown): string {
  let field = 'payload';
  let node = payload;
  if (instancePath === '') return field;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      field += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      field += `.${segment}`;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return field;
}
