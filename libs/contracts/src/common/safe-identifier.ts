import { z } from 'zod';

/**
 * Characters no identifier may hold: C0 and C1 controls (with DEL), the bidirectional marks
 * (U+200E/U+200F), embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
 * byte-order mark. They make an id display as another one (`admin\u202Egnp.exe`), split log lines
 * or hide in a path; no real subscriberId, key or file name needs them.
 */
export const UNSAFE_IDENTIFIER_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** The reason given for an identifier holding one of {@link UNSAFE_IDENTIFIER_CHARACTER}. */
export const UNSAFE_IDENTIFIER_REFUSAL = 'must not contain control characters or bidirectional formatting characters';

/**
 * Why `value` may not be used as an identifier (subscriberId, transactionId, topic key, workflow,
 * tenant or integration identifier, attachment name), or undefined when it may. The reason never
 * repeats the value. The gateway refuses such a request with a 422 naming the field (issue 13).
 */
export function identifierRefusal(value: string): string | undefined {
  return UNSAFE_IDENTIFIER_CHARACTER.test(value) ? UNSAFE_IDENTIFIER_REFUSAL : undefined;
}

/**
 * `schema` refined with {@link identifierRefusal} (a string that passes `schema` is checked; other
 * values are left to it). A refinement, not a `regex`, so a contract's wire shape is unchanged.
 */
export function safeIdentifier<T extends z.ZodTypeAny>(schema: T): z.ZodEffects<T> {
  return schema.superRefine((value: unknown, ctx) => {
    const refusal = typeof value === 'string' ? identifierRefusal(value) : undefined;
    if (refusal) ctx.addIssue({ code: z.ZodIssueCode.custom, message: refusal });
  });
}
