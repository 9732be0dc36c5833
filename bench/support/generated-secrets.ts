import { randomBytes } from 'node:crypto';

/**
 * Fresh secrets for a production-mode run (`NODE_ENV=production` refuses missing or published
 * ones): the benches generate theirs per run instead of shipping one.
 */
export function generatedSecrets(): Record<string, string> {
  const random = () => randomBytes(32).toString('base64');
  return {
    INBOX_SESSION_SECRET: random(),
    API_KEY_HMAC_SECRET: random(),
    CREDENTIALS_ENCRYPTION_KEY: random(),
    // Shared by the gateway and the runners: one value for the whole system (0031).
    RUNNER_CREDENTIALS_KEY: random(),
  };
}
