import { hash } from 'node:crypto';

import { canonicalJson } from '../../core/json/canonical-json';

/**
 * What makes two keyed requests "the same request": method, path and body, the body compared as
 * canonical JSON (key order does not matter). SHA-256, hex.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return hash('sha256', `${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`);
}
