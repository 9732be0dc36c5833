import { createHmac, hash } from 'node:crypto';

/**
 * API keys are stored as HMAC-SHA-256 under a server secret: a stolen table is useless without the
 * secret, and a lookup costs microseconds (a password hash would sit on the trigger hot path).
 */
export class ApiKeyHasher {
  constructor(
    private readonly secret: string,
    private readonly previousSecret = '',
  ) {}

  /** The stored hash of a new key: always under the current secret. */
  hash(apiKey: string): string {
    return createHmac('sha256', this.secret).update(apiKey).digest('hex');
  }

  /**
   * The hashes a lookup tries, in order: the current secret's, then (during a rotation) the
   * previous secret's — a key stored before the rotation keeps working.
   */
  lookupHashes(apiKey: string): string[] {
    const current = this.hash(apiKey);
    return this.previousSecret
      ? [current, createHmac('sha256', this.previousSecret).update(apiKey).digest('hex')]
      : [current];
  }

  /**
   * SHA-256 of the key: what the in-memory cache is keyed by. Not the stored hash (that one is keyed,
   * so a copy of the table is useless without the secret) — but the process holding this digest
   * holds the secret too, so it reveals no more than the keyed hash would, and it costs a fifth of
   * an HMAC on every request. Never the key itself: no plaintext key is kept in memory.
   */
  static digest(apiKey: string): string {
    return hash('sha256', apiKey, 'base64');
  }

  /** The last four characters, enough for a person to tell keys apart. */
  static hint(apiKey: string): string {
    return `…${apiKey.slice(-4)}`;
  }
}
