import { ConfigVariable } from '@herald/config';

const KEY_BYTES = 32;

function decodeKey(raw: string): Buffer | undefined {
  const trimmed = raw.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

type Spec<T> = Omit<ConfigVariable<T>, 'parse'>;

/** A 32-byte AES-256 key given as base64 (`openssl rand -base64 32`). */
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
