import { z } from 'zod';

/** A query flag as the SDK encodes it (`?failIfExists=true`); a JSON body's boolean passes too. */
export const booleanQuery = z
  .union([z.boolean(), z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })])
  .transform((value) => value === true || value === 'true');

/** A repeatable query parameter (`?channels=a&channels=b`, or one value) as a list. */
export function listQuery<T extends z.ZodTypeAny>(item: T, max: number) {
  return z
    .union([item, z.array(item)])
    .transform((value): z.output<T>[] => (Array.isArray(value) ? value : [value]))
    .refine((list) => list.length <= max, `must list at most ${max} values`);
}

/** A bounded integer query parameter. */
export function intQuery(min: number, max: number) {
  return z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
}

/** `ASC`/`DESC`, in any case (Novu documents `ASC`/`DESC`, clients send both). */
export const orderDirectionQuery = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(['ASC', 'DESC'], { errorMap: () => ({ message: 'must be ASC or DESC' }) }));

/** An optional text filter. */
export const textQuery = (max: number) =>
  z.string({ invalid_type_error: 'must be a string' }).max(max, `must be at most ${max} characters`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID: Herald's notification and message ids are UUIDs, so anything else names nothing. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
