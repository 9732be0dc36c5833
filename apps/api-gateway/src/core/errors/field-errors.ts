import { formatIssuePath } from '@herald/contracts';
import { z } from 'zod';

/** One field's problems in a 422 (Novu's `ConstraintValidation`). */
export interface FieldError {
  messages: string[];
  value?: unknown;
}

/** A 422's `errors` (Novu's shape): field path → its problems. */
export type FieldErrors = Record<string, FieldError>;

/** One problem of a checked value, at a path below it (`[2, 'email']`), as zod reports one. */
export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** Where a value's field errors are reported, and which of its values never go back to the client. */
export interface FieldErrorsOptions {
  /** The checked value's own path (`credentials`); a body's fields are named from the root. */
  at?: string;
  /** Top-level keys whose values are never echoed (credentials). */
  redacted?: readonly string[];
}

/** Plain issues (from a check that is not a zod schema) as a zod error, for `toFieldErrors`. */
export function issuesError(issues: readonly FieldIssue[]): z.ZodError {
  return new z.ZodError(issues.map(({ path, message }) => ({ code: z.ZodIssueCode.custom, path, message })));
}

/**
 * The one zod-issue formatter: issues → Novu's 422 `errors`, `{<field path>: {messages, value}}`
 * (`steps[0].controlValues.amount`; the root is `body`). The value is read from `input` at the
 * issue's path; the exception filter decides how much of it is echoed.
 */
export function toFieldErrors(error: z.ZodError, input: unknown, options: FieldErrorsOptions = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = formatIssuePath(issue.path, options.at ?? '') || 'body';
    const entry = (errors[field] ??= { messages: [] });
    entry.messages.push(issue.message === 'Required' ? 'is required' : issue.message);
    const secret = typeof issue.path[0] === 'string' && options.redacted?.includes(issue.path[0]);
    const value = secret ? undefined : valueAt(input, issue.path);
    if (value !== undefined && !('value' in entry)) entry.value = value;
  }
  return errors;
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
