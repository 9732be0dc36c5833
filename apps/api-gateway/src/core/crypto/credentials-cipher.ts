import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Integration credentials as stored: AES-256-GCM ciphertext plus what is needed to open it. */
export interface EncryptedCredentials {
  /** Which key sealed it (a fingerprint of the key, never the key), so old rows survive a rotation. */
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const IV_BYTES = 12;

/**
 * Seals credentials with AES-256-GCM under the current key and opens them with the current or a
 * retired key. The associated data binds a ciphertext to its row (environment + integration id),
 * so a ciphertext copied onto another row fails to decrypt instead of leaking across tenants.
 */
export class CredentialsCipher {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  constructor(currentKey: Buffer, retiredKeys: readonly Buffer[] = []) {
    this.currentKeyId = CredentialsCipher.keyId(currentKey);
    this.keys.set(this.currentKeyId, currentKey);
    for (const key of retiredKeys) this.keys.set(CredentialsCipher.keyId(key), key);
  }

  /** A short public fingerprint of a key. */
  static keyId(key: Buffer): string {
    return createHash('sha256').update('herald:credentials-key:').update(key).digest('hex').slice(0, 16);
  }

  encrypt(credentials: Record<string, unknown>, associatedData: string): EncryptedCredentials {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId) as Buffer, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, iv, tag: cipher.getAuthTag(), ciphertext };
  }

  /** Throws when the key is unknown or the ciphertext, tag or associated data was tampered with. */
  decrypt(sealed: EncryptedCredentials, associatedData: string): Record<string, unknown> {
    const key = this.keys.get(sealed.keyId);
    if (!key)
      throw new Error(
        `credentials were sealed with unknown key ${sealed.keyId}: add it to CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS`,
      );
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    const plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
    return JSON.parse(plaintext) as Record<string, unknown>;
  }

  /** True when the row was sealed with a retired key and should be re-sealed on its next write. */
  isStale(sealed: Pick<EncryptedCredentials, 'keyId'>): boolean {
    return sealed.keyId !== this.currentKeyId;
  }
}
