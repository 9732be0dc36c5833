import { CONTRACT_LIMITS, identifierRefusal } from '@herald/contracts';

import { checkOverrides } from './overrides-input';
import { checkRecipients } from './recipients/recipients.mapper';
import { checkActor } from './recipients/subscriber-input';
import { checkTenant } from './tenant-input';

// The rules of trigger-request.schema.ts, as plain checks. Lengths are compared in UTF-16 units,
// which is never fewer than the schema's `maxLength` counts: whatever passes here passes there.

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

/** isString + isNotEmpty + maxLength(max) + isSafeIdentifier. */
const isShortString = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value !== '' && value.length <= max && identifierRefusal(value) === undefined;

/** Optional isObject. */
const isOptionalObject = (value: unknown): boolean =>
  isAbsent(value) || (typeof value === 'object' && !Array.isArray(value));

/**
 * True when a trigger body (or bulk item) certainly passes `triggerEventRequestSchema`: the fast
 * path of the trigger route. Recipients, actor and tenant go through the very checks the schema runs.
 */
export function isCertainlyValidTrigger(body: Record<string, unknown>): boolean {
  return (
    isShortString(body.name, CONTRACT_LIMITS.maxIdLength) &&
    (isAbsent(body.transactionId) || isShortString(body.transactionId, CONTRACT_LIMITS.maxTransactionIdLength)) &&
    isOptionalObject(body.payload) &&
    (isAbsent(body.overrides) || checkOverrides(body.overrides).length === 0) &&
    isOptionalObject(body.context) &&
    checkRecipients(body.to).length === 0 &&
    (isAbsent(body.actor) || checkActor(body.actor).length === 0) &&
    (isAbsent(body.tenant) || checkTenant(body.tenant).length === 0)
  );
}
