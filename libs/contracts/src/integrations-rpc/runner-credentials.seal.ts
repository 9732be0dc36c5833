import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { DeliveryChannel } from '../common/channel.schema';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Base64 characters of a sealed credentials object: the control plane's 2 MB body, encoded, with room. */
const MAX_CIPHERTEXT_CHARS = 4 * 1024 * 1024;

const base64 = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

/**
 * Integration credentials as they travel from the gateway to a runner
 * (`integrations.list-for-runner.v2`): AES-256-GCM under `RUNNER_CREDENTIALS_KEY`, opened only
 * by the runner. The broker, its management UI, firehose tracing and any user allowed to read the
 * reply see this, never the credentials (decision 0031).
 */
export const sealedCredentialsSchema = z.object({
  /** The algorithm; a new one would be a new literal, so an old runner refuses it instead of misreading it. */
  alg: z.literal('A256GCM'),
  /** Fingerprint of the key that sealed it (never the key): the runner picks its current or previous key by it. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex characters'),
  iv: base64(24),
  tag: base64(24),
  ciphertext: base64(MAX_CIPHERTEXT_CHARS),
});
export type SealedCredentials = z.infer<typeof sealedCredentialsSchema>;

/** What a seal is bound to: opened for another environment, integration or channel it fails. */
export interface RunnerCredentialsBinding {
  environmentId: string;
  integrationId: string;
  channel: DeliveryChannel;
}

/** Why a seal did not open; never carries the credentials or a key. */
export class RunnerCredentialsSealError extends Error {
  constructor(
    /** `unknown_key`: sealed under a key this side does not hold; `not_authentic`: tampered with, or bound to another integration. */
    readonly code: 'unknown_key' | 'not_authentic',
    message: string,
  ) {
    super(message);
    this.name = 'RunnerCredentialsSealError';
  }
}

/** The associated data: a JSON array, so no id can be crafted to collide with another binding. */
function associatedData(binding: RunnerCredentialsBinding): Buffer {
  const { environmentId, integrationId, channel } = binding;
  return Buffer.from(JSON.stringify(['herald.runner-credentials.v1', environmentId, integrationId, channel]), 'utf8');
}

/**
 * Seals integration credentials for one runner delivery channel and opens them again: the gateway
 * seals with the current key only; a runner opens with the current key or one being rotated out
 * (`RUNNER_CREDENTIALS_KEY_PREVIOUS`), chosen by the seal's `keyId`. The associated data binds
 * each seal to its environment, integration and channel.
 */
export class RunnerCredentialsSeal {
  private readonly keys = new Map<string, Buffer>();
  /** Fingerprint of the key new seals are made with. */
  readonly currentKeyId: string;

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    for (const key of [currentKey, ...previousKeys]) {
      if (key.length !== KEY_BYTES) throw new Error(`a runner credentials key must be ${KEY_BYTES} bytes`);
    }
    this.currentKeyId = RunnerCredentialsSeal.keyId(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    for (const key of previousKeys)
      if (!this.keys.has(RunnerCredentialsSeal.keyId(key))) this.keys.set(RunnerCredentialsSeal.keyId(key), key);
  }

  /** A short public fingerprint of a key (its own label, so it never equals a `CredentialsCipher` key id). */
  static keyId(key: Buffer): string {
    return createHash('sha256').update('herald:runner-credentials-key:').update(key).digest('hex').slice(0, 16);
  }

  seal(credentials: Record<string, unknown>, binding: RunnerCredentialsBinding): SealedCredentials {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentKeyId) as Buffer, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(binding));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      keyId: this.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** The credentials; throws {@link RunnerCredentialsSealError} for an unknown key, a tampered seal or another binding. */
  open(sealed: SealedCredentials, binding: RunnerCredentialsBinding): Record<string, unknown> {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new RunnerCredentialsSealError(
        'unknown_key',
        `credentials of integration ${binding.integrationId} were sealed under key ${sealed.keyId}, which this runner does not hold: ` +
          'give the gateway and the runners the same RUNNER_CREDENTIALS_KEY (the old one in RUNNER_CREDENTIALS_KEY_PREVIOUS while rotating)',
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new RunnerCredentialsSealError(
        'not_authentic',
        `credentials of integration ${binding.integrationId}: malformed seal`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(binding));
      decipher.setAuthTag(tag);
      const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
      return JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new RunnerCredentialsSealError(
        'not_authentic',
        `credentials of integration ${binding.integrationId} do not open for environment ${binding.environmentId}, channel ${binding.channel}: ` +
          'tampered with or sealed for another integration',
      );
    }
  }
}
