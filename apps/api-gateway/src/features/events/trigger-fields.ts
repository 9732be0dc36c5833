import { identifierRefusal, UNSAFE_IDENTIFIER_REFUSAL } from '@herald/contracts';

import type { FieldIssue } from '../../core/errors/field-errors';
import { z } from '../../core/openapi/openapi-zod';

// The trigger bodies' field rules, as zod. Their wording is what Novu's clients have always seen
// from the trigger routes (Novu's own DTO validation): one message per broken rule, the property
// named in each (`name must be a string`, `name should not be empty`), and absent or null optional
// fields are not checked at all.

/** One rule of a field and the message (after the property name) it gives when broken. */
export type FieldRule = readonly [passes: (value: unknown) => boolean, message: string];

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

/** Characters as the rules have always counted them: a surrogate pair is one, a variation selector none. */
export function characters(value: string): number {
  const presentationSequences = value.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  const surrogatePairs = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return value.length - presentationSequences - surrogatePairs;
}

export const isString: FieldRule = [(value) => typeof value === 'string', 'must be a string'];
export const isNotEmpty: FieldRule = [(value) => value !== '' && !isAbsent(value), 'should not be empty'];
export const isObject: FieldRule = [
  (value) => typeof value === 'object' && !isAbsent(value) && !Array.isArray(value),
  'must be an object',
];
export const isArray: FieldRule = [Array.isArray, 'must be an array'];

/** An id (workflow name, transactionId): no controls or bidi overrides (a non-string is isString's). */
export const isSafeIdentifier: FieldRule = [
  (value) => typeof value !== 'string' || identifierRefusal(value) === undefined,
  UNSAFE_IDENTIFIER_REFUSAL,
];
export const maxLength = (max: number): FieldRule => [
  (value) => typeof value === 'string' && characters(value) <= max,
  `must be shorter than or equal to ${max} characters`,
];
export const minItems = (min: number): FieldRule => [
  (value) => Array.isArray(value) && value.length >= min,
  `must contain at least ${min} elements`,
];
export const maxItems = (max: number): FieldRule => [
  (value) => Array.isArray(value) && value.length <= max,
  `must contain no more than ${max} elements`,
];

/** A field checked rule by rule, typed by what its rules prove. */
export function ruled<T>(
  property: string,
  rules: readonly FieldRule[],
  options: { optional?: boolean } = {},
): z.ZodType<T> {
  const schema = z.unknown().superRefine((value, ctx) => {
    if (options.optional && isAbsent(value)) return;
    for (const [passes, message] of rules) {
      if (!passes(value)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${property} ${message}` });
    }
  });
  return schema as unknown as z.ZodType<T>;
}

/**
 * A field checked by a function that lists its issues (recipients, actor, tenant, overrides), each
 * at its own path; typed `T` when no issue proves it one.
 */
export function checkedBy<T = unknown>(
  check: (value: unknown) => FieldIssue[],
  options: { optional?: boolean } = {},
): z.ZodType<T> {
  const schema = z.unknown().superRefine((value, ctx) => {
    if (options.optional && isAbsent(value)) return;
    for (const issue of check(value))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
  });
  return schema as unknown as z.ZodType<T>;
}
