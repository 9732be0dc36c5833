import { ProductionSecretRule } from './production-secret';

/** Describes one environment variable: how to parse it, its default, and what it is for. */
export interface ConfigVariable<T> {
  /** What the variable is for; the README's variable table prints this. */
  doc: string;
  /** Used when the variable is unset or empty. No default means the variable is required. */
  default?: T;
  /** Secrets are masked whenever the configuration is printed or logged. */
  secret?: boolean;
  /**
   * In production (`NODE_ENV=production`) the value must be set (unless `optional`), not a value
   * published in the repository, and at least 32 bytes decoded; the default is never used there.
   */
  productionSecret?: ProductionSecretRule;
  /** A test hook: refused (a configuration error) when set while `NODE_ENV=production`. */
  testOnly?: boolean;
  /** Turns the raw string into a value, or returns an error message. */
  parse(raw: string): { value: T } | { error: string };
  /** How the default is shown in docs (defaults to String(default)). */
  shownDefault?: string;
}

type Spec<T> = Omit<ConfigVariable<T>, 'parse'>;

/** Any non-empty string. */
export function str(spec: Spec<string>): ConfigVariable<string> {
  return { ...spec, parse: (raw) => ({ value: raw }) };
}

/**
 * A secret string (an HMAC key, a bearer token): masked when printed, and held to the production
 * rule (`productionSecret`). The default serves development only.
 */
export function secret(
  spec: Omit<Spec<string>, 'secret' | 'productionSecret'> & { optional?: boolean },
): ConfigVariable<string> {
  const { optional, ...rest } = spec;
  return { ...rest, secret: true, productionSecret: { optional }, parse: (raw) => ({ value: raw }) };
}

/** An integer within [min, max]. */
export function int(spec: Spec<number> & { min?: number; max?: number }): ConfigVariable<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = spec;
  return {
    ...spec,
    parse: (raw) => {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value))
        return { error: `must be an integer, got "${raw}"` };
      if (value < min || value > max) return { error: `must be between ${min} and ${max}, got ${value}` };
      return { value };
    },
  };
}

/** A TCP port. */
export function port(spec: Spec<number>): ConfigVariable<number> {
  return int({ ...spec, min: 0, max: 65535 });
}

/** `true`/`false` (also 1/0, yes/no). */
export function bool(spec: Spec<boolean>): ConfigVariable<boolean> {
  return {
    ...spec,
    parse: (raw) => {
      const normalized = raw.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(normalized)) return { value: true };
      if (['false', '0', 'no'].includes(normalized)) return { value: false };
      return { error: `must be true or false, got "${raw}"` };
    },
  };
}

/** A URL whose protocol is one of `protocols`. */
export function url(spec: Spec<string> & { protocols: string[] }): ConfigVariable<string> {
  return {
    ...spec,
    parse: (raw) => {
      try {
        const parsed = new URL(raw);
        const protocol = parsed.protocol.replace(/:$/, '');
        if (!spec.protocols.includes(protocol))
          return { error: `must be a ${spec.protocols.join(' or ')} URL, got ${protocol}:` };
        return { value: raw };
      } catch {
        return { error: 'must be a valid URL' };
      }
    },
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[], spec: Spec<T>): ConfigVariable<T> {
  return {
    ...spec,
    parse: (raw) =>
      (values as readonly string[]).includes(raw)
        ? { value: raw as T }
        : { error: `must be one of ${values.join(', ')}, got "${raw}"` },
  };
}

/** A comma-separated list of positive integers, e.g. retry delays in ms. */
export function intList(spec: Spec<number[]>): ConfigVariable<number[]> {
  return {
    ...spec,
    shownDefault: spec.shownDefault ?? spec.default?.join(','),
    parse: (raw) => {
      const parts = raw.split(',').map((part) => part.trim());
      if (parts.some((part) => !/^\d+$/.test(part)))
        return { error: `must be comma-separated whole numbers, got "${raw}"` };
      return { value: parts.map(Number) };
    },
  };
}
