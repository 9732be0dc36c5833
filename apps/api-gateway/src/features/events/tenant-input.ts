import { TenantRef, tenantRefSchema } from '@herald/contracts';

import type { FieldIssue } from '../../core/errors/field-errors';

/**
 * Reads the trigger's `tenant`: an identifier string, or `{identifier, name?, data?}` (which
 * updates the existing tenant). Limits are the contract's; issue paths are below the tenant.
 */
export function readTenant(value: unknown): { ref: TenantRef } | { issues: FieldIssue[] } {
  if (typeof value === 'string') {
    if (value.trim() === '') return { issues: [{ path: [], message: 'must not be blank' }] };
    const parsed = tenantRefSchema.safeParse({ identifier: value });
    if (parsed.success) return { ref: parsed.data };
    return { issues: parsed.error.issues.map(({ message }) => ({ path: [], message })) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const message = 'must be a tenant identifier string or an object {identifier, name?, data?}';
    return { issues: [{ path: [], message }] };
  }
  const parsed = tenantRefSchema.safeParse(value);
  return parsed.success ? { ref: parsed.data } : { issues: parsed.error.issues };
}

/** Every way `tenant` breaks the request schema; paths are below it. */
export function checkTenant(value: unknown): FieldIssue[] {
  const result = readTenant(value);
  return 'issues' in result ? result.issues : [];
}
