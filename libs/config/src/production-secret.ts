import { KNOWN_DEV_SECRETS } from './known-dev-secrets';

/** Fewest bytes of key material a production secret may carry (after decoding, see {@link secretBytes}). */
export const MIN_SECRET_BYTES = 32;

/** How an operator makes a value that passes the rule; every refusal names it. */
export const GENERATE_SECRET_HINT = 'generate one with: openssl rand -base64 32';

/** The production rule of a secret variable (`NODE_ENV=production`). */
export interface ProductionSecretRule {
  /** Unset is allowed (the feature it guards is off); a value that is set must still pass. */
  optional?: boolean;
  /** The value is a comma-separated list; each entry must pass. */
  list?: boolean;
}

const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/**
 * The key material a secret value carries: base64 (standard or URL-safe, as `openssl rand -base64`
 * writes it) decoded, anything else as UTF-8. A 32-character word is 24 bytes by this count, so
 * the rule asks for what a generator gives, not for what a person types.
 */
export function secretBytes(raw: string): Buffer {
  const value = raw.trim();
  return BASE64.test(value)
    ? Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64')
    : Buffer.from(value, 'utf8');
}

const knownBytes = KNOWN_DEV_SECRETS.map(secretBytes);

/** True when `raw` is (or decodes to the same bytes as) a secret published in the repository. */
export function isKnownDevSecret(raw: string): boolean {
  const value = raw.trim();
  if (KNOWN_DEV_SECRETS.includes(value)) return true;
  const bytes = secretBytes(value);
  return knownBytes.some((known) => known.equals(bytes));
}

/**
 * Why `raw` may not be variable `name`'s value in production, in one line naming the variable and
 * how to generate a value; undefined when it passes. `ownDefault` (the dev default) is refused too.
 */
export function productionSecretProblem(
  name: string,
  raw: string | undefined,
  rule: ProductionSecretRule,
  ownDefault?: string,
): string | undefined {
  const value = raw?.trim() ?? '';
  if (value === '') return rule.optional ? undefined : `${name} is required in production (${GENERATE_SECRET_HINT})`;
  const entries = rule.list
    ? value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
    : [value];
  for (const [index, entry] of entries.entries()) {
    const which = rule.list ? `${name} entry ${index + 1}` : name;
    if (isKnownDevSecret(entry) || (ownDefault !== undefined && entry === ownDefault)) {
      return `${which} is a development value published in the Herald repository; set your own (${GENERATE_SECRET_HINT})`;
    }
    const bytes = secretBytes(entry).length;
    if (bytes < MIN_SECRET_BYTES)
      return `${which} carries ${bytes} bytes, production needs at least ${MIN_SECRET_BYTES} (${GENERATE_SECRET_HINT})`;
  }
  return undefined;
}
