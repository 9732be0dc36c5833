import { TenantRef, tenantRefSchema } from '@herald/contracts';
import type { FieldIssue } from '../../pipeline/validation/validate-with.decorator';
import { zodFieldIssues } from '../../pipeline/validation/zod-field-issues';

/**
 * Reads the trigger's `tenant`: an identifier string, or `{identifier, name?, data?}` (which
 * updates the existing tenant). Limits are the contract's.
 */
export function readTenant(value: unknown, path = 'tenant'): { ref: TenantRef } | { issues: FieldIssue[] } {
  if (typeof value === 'string') {
    if (value.trim() === '') return { issues: [{ path, message: 'must not be blank', value }] };
    const parsed = tenantRefSchema.safeParse({ identifier: value });
    return parsed.success ? { ref: parsed.data } : { issues: zodFieldIssues(parsed.error, { identifier: value }, path).map((issue) => ({ ...issue, path })) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { issues: [{ path, message: 'must be a tenant identifier string or an object {identifier, name?, data?}', value }] };
  }
  const parsed = tenantRefSchema.safeParse(value);
  return parsed.success ? { ref: parsed.data } : { issues: zodFieldIssues(parsed.error, value, path) };
}

/** `ValidateWith` check for `tenant`. */
export function checkTenant(value: unknown, path = 'tenant'): FieldIssue[] {
  const result = readTenant(value, path);
  return 'issues' in result ? result.issues : [];
}
