import { createHmac } from 'node:crypto';

/**
 * API keys are stored as HMAC-SHA-256 under a server secret: a stolen table is useless without the
 * secret, and a lookup costs microseconds (a password hash would sit on the trigger hot path).
 */
export class ApiKeyHasher {
  constructor(private readonly secret: string) {}

  hash(apiKey: string): string {
    return createHmac('sha256', this.secret).update(apiKey).digest('hex');
  }

  /** The last four characters, enough for a person to tell keys apart. */
  static hint(apiKey: string): string {
    return `…${apiKey.slice(-4)}`;
  }
}
