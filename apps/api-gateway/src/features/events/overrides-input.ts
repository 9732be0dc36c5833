import { emailOverrideHeaderRefusal, linkUrlRefusal } from '@herald/contracts';

import type { FieldIssue } from '../../core/errors/field-errors';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The in-app channel's override keys (runner-kit's `channelOverridesOf`) and the links they may carry. */
const IN_APP_KEYS = ['inApp', 'in_app'] as const;
const LINK_PATHS: readonly (readonly string[])[] = [
  ['redirect', 'url'],
  ['primaryAction', 'redirect', 'url'],
  ['secondaryAction', 'redirect', 'url'],
  // Novu's v1 in-app CTA.
  ['cta', 'data', 'url'],
];

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), value);
}

/**
 * Checks a trigger's `overrides` (an object; its content is the application's): every
 * `email.headers` entry against the contracts' header allow-list, and every in-app link
 * (`inApp.redirect.url`, `…primaryAction.redirect.url`, …) against the link rule, so an unsafe one
 * is a 422 at the API instead of a dropped header or a failed job later (decision 0028). Issue
 * paths are below `overrides`.
 */
export function checkOverrides(overrides: unknown): FieldIssue[] {
  if (!isRecord(overrides)) return [{ path: [], message: 'overrides must be an object' }];
  const issues: FieldIssue[] = [];
  const email = overrides.email;
  if (isRecord(email) && email.headers !== undefined && email.headers !== null) {
    if (!isRecord(email.headers))
      issues.push({ path: ['email', 'headers'], message: 'must be an object of header values' });
    else {
      for (const [name, value] of Object.entries(email.headers)) {
        const refusal = emailOverrideHeaderRefusal(name, value);
        if (refusal) issues.push({ path: ['email', 'headers', name], message: refusal });
      }
    }
  }
  for (const key of IN_APP_KEYS) {
    for (const path of LINK_PATHS) {
      const url = at(overrides[key], path);
      const refusal = typeof url === 'string' ? linkUrlRefusal(url) : undefined;
      if (refusal) issues.push({ path: [key, ...path], message: refusal });
    }
  }
  return issues;
}
