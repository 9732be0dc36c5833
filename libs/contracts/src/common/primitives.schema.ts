import { z } from 'zod';

import { CONTRACT_LIMITS } from './limits';

/** A non-empty string of at most `max` characters, with readable messages for both bounds. */
export function boundedString(max: number): z.ZodString {
  return z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

/** An optional text field where `null` is meaningful (the producer clears it; absent leaves it unchanged). */
export function nullableText(max: number) {
  return z.string().max(max, `must be at most ${max} characters`).nullable().optional();
}

/** Any identifier: database ids, subscriberIds, keys. */
export const idSchema = boundedString(CONTRACT_LIMITS.maxIdLength);

/** A human label (workflow or step name). */
export const nameSchema = boundedString(CONTRACT_LIMITS.maxNameLength);

/** An ISO 8601 date-time with an offset (`Z` or `±hh:mm`), as produced by `Date#toISOString`. */
export const isoDateTimeSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset' });

/** A JSON object with arbitrary content (payload, overrides, data, control values). */
export const jsonRecordSchema = z.record(z.string(), z.unknown());
export type JsonRecord = z.infer<typeof jsonRecordSchema>;

/** The client's (or derived) `transactionId`: the trace, cancel and de-duplication handle. */
export const transactionIdSchema = boundedString(CONTRACT_LIMITS.maxTransactionIdLength);

/** A 1-based delivery attempt number, owned by trigger-worker. */
export const attemptSchema = z.number().int('must be an integer').min(1, 'must be at least 1');
