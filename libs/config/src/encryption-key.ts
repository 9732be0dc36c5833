import type { ConfigVariable } from './config-variable';
import { DEV_SECRETS } from './known-dev-secrets';

const KEY_BYTES = 32;

function decodeKey(raw: string): Buffer | undefined {
  const trimmed = raw.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

type Spec<T> = Omit<ConfigVariable<T>, 'parse'>;

/** A 32-byte AES-256 key given as base64 (`openssl rand -base64 32`); pair it with `productionSecret`. */
export function encryptionKey(spec: Spec<Buffer>): ConfigVariable<Buffer> {
  return {
    ...spec,
    parse: (raw) => {
      const key = decodeKey(raw);
      return key ? { value: key } : { error: `must be ${KEY_BYTES} bytes encoded as base64 (openssl rand -base64 32)` };
    },
  };
}

/** A comma-separated list of 32-byte base64 keys (retired keys kept for decryption during rotation). */
export function encryptionKeyList(spec: Spec<Buffer[]>): ConfigVariable<Buffer[]> {
  return {
    ...spec,
    parse: (raw) => {
      const parts = raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const keys = parts.map(decodeKey);
      const bad = keys.findIndex((key) => key === undefined);
      if (bad >= 0) return { error: `entry ${bad + 1} must be ${KEY_BYTES} bytes encoded as base64` };
      return { value: keys as Buffer[] };
    },
  };
}

/**
 * The key sealing integration credentials between the gateway and the runners over the broker
 * (AES-256-GCM, `RunnerCredentialsSeal` in `@herald/contracts`; decision 0031). The gateway seals
 * with it, every runner that fetches integrations opens with it, so all of them get the same value.
 * Not `CREDENTIALS_ENCRYPTION_KEY`: that one seals credentials at rest and never leaves the gateway.
 */
export function runnerCredentialsKey(): ConfigVariable<Buffer> {
  return encryptionKey({
    doc:
      'AES-256-GCM key (32 bytes, base64) sealing integration credentials on their way from the gateway to the runners over the broker: ' +
      'the gateway seals with it, the runners open with it, so they share one value (never CREDENTIALS_ENCRYPTION_KEY); required in production (openssl rand -base64 32)',
    default: Buffer.from(DEV_SECRETS.RUNNER_CREDENTIALS_KEY, 'base64'),
    shownDefault: '(dev-only key)',
    secret: true,
    productionSecret: {},
  });
}

/** The runner credentials key being rotated out: runners still open what a gateway sealed with it. */
export function runnerCredentialsPreviousKeys(): ConfigVariable<Buffer[]> {
  return encryptionKeyList({
    doc:
      'The RUNNER_CREDENTIALS_KEY being rotated out (comma-separated base64 for more than one): runners still open seals made with it. ' +
      'Rotate by giving the runners the new key with the old one here, then the gateway the new key, then dropping this',
    default: [],
    shownDefault: '(none)',
    secret: true,
    productionSecret: { optional: true, list: true },
  });
}
