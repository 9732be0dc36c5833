import { z } from 'zod';

import { FieldErrors, toFieldErrors } from '../../core/errors/field-errors';

/**
 * Says, cheaply, that a JSON object certainly passes a schema. It may say false for a valid value
 * (the schema then decides), never true for an invalid one.
 */
export type CertainlyValid = (value: Record<string, unknown>) => boolean;

/** How a request value is read. */
export interface ParseRequestOptions {
  /**
   * The value must be a JSON object, named so in the 422 (`body`, a bulk item's `event`). Without
   * it an absent value reads as `{}` (a query, an optional body).
   */
  object?: string;
  /**
   * A fast path in front of an object schema: a value it vouches for skips zod (the trigger route's
   * hot path) and gets what zod would return — the schema's own keys, unknown ones dropped.
   */
  fastPath?: CertainlyValid;
  /** Top-level keys whose values are never echoed (credentials). */
  redacted?: readonly string[];
}

/** The outcome of reading a request value with its schema. */
export type ParsedRequest<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const shapeKeys = new WeakMap<z.ZodTypeAny, readonly string[]>();

/** Reads `value` with `schema`; every problem is reported by field path (Novu's 422 `errors`). */
export function parseRequest<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  options: ParseRequestOptions = {},
): ParsedRequest<z.output<S>> {
  if (options.object !== undefined) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return {
        ok: false,
        errors: { [options.object]: { messages: [`${options.object} must be a JSON object`], value } },
      };
    }
    if (options.fastPath?.(value as Record<string, unknown>))
      return { ok: true, value: pickShape(schema, value as Record<string, unknown>) };
  }
  const input = options.object === undefined ? (value ?? {}) : value;
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.output<S> };
  return { ok: false, errors: toFieldErrors(result.error, input, { redacted: options.redacted }) };
}

/** What an object schema makes of a value it accepts, without running it: its own keys, as sent. */
function pickShape<T>(schema: z.ZodTypeAny, value: Record<string, unknown>): T {
  let keys = shapeKeys.get(schema);
  if (!keys) {
    if (!(schema instanceof z.ZodObject)) throw new Error('a fast path needs an object schema');
    keys = Object.keys(schema.shape as object);
    shapeKeys.set(schema, keys);
  }
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(value, key)) picked[key] = value[key];
  return picked as T;
}
