import { z } from 'zod';

/** One entry of Novu's 422 `errors` map. */
export interface FieldError {
  messages: string[];
  value?: unknown;
}

/** Novu's 422 `errors`: `{<field path>: {messages, value}}`. */
export type FieldErrors = Record<string, FieldError>;

const MAX_ECHOED_STRING = 256;
const MAX_ECHOED_JSON = 1024;

/** `['steps', 0, 'controlValues', 'amount']` → `steps[0].controlValues.amount`; the root is `body`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  const formatted = path.reduce<string>(
    (acc, segment) => (typeof segment === 'number' ? `${acc}[${segment}]` : acc ? `${acc}.${segment}` : segment),
    '',
  );
  return formatted || 'body';
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Echoes a rejected value back only when it is small: an error body must never balloon with a payload. */
function echoable(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.length > MAX_ECHOED_STRING ? undefined : value;
  if (value === null || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  return json.length > MAX_ECHOED_JSON ? undefined : value;
}

/**
 * Turns zod issues into Novu's `errors` map. Values under a `redacted` top-level key (credentials)
 * are never echoed.
 */
export function toFieldErrors(error: z.ZodError, input: unknown, redacted: readonly string[] = []): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = formatFieldPath(issue.path);
    const entry = (errors[field] ??= { messages: [] });
    entry.messages.push(issue.message);
    const secret = typeof issue.path[0] === 'string' && redacted.includes(issue.path[0]);
    const value = secret ? undefined : echoable(valueAt(input, issue.path));
    if (value !== undefined) entry.value = value;
  }
  return errors;
}

/** Prefixes every path of an errors map (`controlValues.amount` under `steps[1]`). */
export function nestFieldErrors(prefix: string, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([field, entry]) => [field === 'body' ? prefix : `${prefix}.${field}`, entry]));
}
