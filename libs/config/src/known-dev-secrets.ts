/**
 * Development defaults of Herald's secrets. `npm start` runs on them with no configuration; in
 * production (`NODE_ENV=production`) each is refused, because anyone can read it here.
 */
export const DEV_SECRETS = {
  INBOX_SESSION_SECRET: 'herald-dev-only-inbox-session-secret',
  API_KEY_HMAC_SECRET: 'herald-dev-only-api-key-secret',
  /** base64 of `herald-dev-only-credentials-key!` (32 bytes). */
  CREDENTIALS_ENCRYPTION_KEY: 'aGVyYWxkLWRldi1vbmx5LWNyZWRlbnRpYWxzLWtleSE=',
  /** base64 of `herald-dev-only-runner-creds-key` (32 bytes). */
  RUNNER_CREDENTIALS_KEY: 'aGVyYWxkLWRldi1vbmx5LXJ1bm5lci1jcmVkcy1rZXk=',
} as const;

/**
 * Every secret value that is or was published in the Herald repository: the defaults above, what
 * docker-compose.yml, the k8s dev overlay and `secrets.example.yaml` shipped, and the fixed tokens
 * of the test suites. The one list the production rule refuses (see `productionSecretProblem`);
 * `known-dev-secrets.spec.ts` scans the repository so a new literal cannot be missed.
 */
export const KNOWN_DEV_SECRETS: readonly string[] = [
  ...Object.values(DEV_SECRETS),
  'dev-only-api-key-hmac-secret-not-for-production',
  'change-me-to-a-long-random-string',
  'change-me-base64-32-bytes',
  'change-me',
  'operator-token-for-tests-0123456789',
  'operator-token-for-cli-tests-0123456789',
];
