/** Where the real services for integration tests live: env URLs, else the local defaults. */
export interface TestServiceUrls {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
  /** Empty when tests should start an embedded s3rver themselves. */
  s3Endpoint: string;
}

export const LOCAL_DEFAULTS = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
  redisUrl: 'redis://127.0.0.1:6379',
} as const;

/**
 * The URLs integration tests use. `TEST_DATABASE_URL` points at a server (its database is only
 * used to create per-suite databases); `TEST_AMQP_URL`, `TEST_REDIS_URL`, `TEST_S3_ENDPOINT`
 * likewise. When the suite runs under `withTestServices()` (global setup), containers started by
 * testcontainers are reported through the same variables.
 */
export function testServiceUrls(): TestServiceUrls {
  return {
    databaseUrl: process.env.TEST_DATABASE_URL ?? LOCAL_DEFAULTS.databaseUrl,
    amqpUrl: process.env.TEST_AMQP_URL ?? LOCAL_DEFAULTS.amqpUrl,
    redisUrl: process.env.TEST_REDIS_URL ?? LOCAL_DEFAULTS.redisUrl,
    s3Endpoint: process.env.TEST_S3_ENDPOINT ?? '',
  };
}
