import type { GatewayConfig } from '../config/gateway.config';
import { CredentialsCipher, EncryptedCredentials } from './credentials-cipher';

/**
 * Keeps an API key sealed beside its hash (AES-256-GCM under CREDENTIALS_ENCRYPTION_KEY), because
 * Novu's inbox HMAC (`subscriberHash`) is keyed by the environment's secret key itself (decision
 * 0034). The associated data binds a sealed key to its environment and hash, so a ciphertext
 * copied to another row does not open.
 */
export class ApiKeySeal {
  constructor(private readonly cipher: CredentialsCipher) {}

  /** Under the configured credentials keys (the current one seals; retired ones still open). */
  static fromConfig(config: GatewayConfig): ApiKeySeal {
    return new ApiKeySeal(
      new CredentialsCipher(config.CREDENTIALS_ENCRYPTION_KEY, config.CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS),
    );
  }

  seal(environmentId: string, keyHash: string, key: string): EncryptedCredentials {
    return this.cipher.encrypt({ key }, associatedData(environmentId, keyHash));
  }

  /** The key, or undefined when the seal does not open (unknown or tampered). */
  open(environmentId: string, keyHash: string, sealed: EncryptedCredentials): string | undefined {
    try {
      const { key } = this.cipher.decrypt(sealed, associatedData(environmentId, keyHash));
      return typeof key === 'string' ? key : undefined;
    } catch {
      return undefined;
    }
  }
}

function associatedData(environmentId: string, keyHash: string): string {
  return `api-key:${environmentId}:${keyHash}`;
}
