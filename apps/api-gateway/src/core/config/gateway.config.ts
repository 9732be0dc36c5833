import {
  bool,
  ConfigOf,
  defineConfig,
  DEV_SECRETS,
  encryptionKey,
  encryptionKeyList,
  GENERATE_SECRET_HINT,
  int,
  port,
  runnerCredentialsKey,
  secret,
  serviceVariables,
  str,
  url,
} from '@herald/config';

/** api-gateway's configuration: the only reader of process.env in this app. */
export const gatewayConfig = defineConfig('api-gateway', {
  ...serviceVariables(3000),
  REDIS_URL: url({
    doc: 'Redis (idempotency keys and rate limits)',
    default: 'redis://127.0.0.1:6379',
    protocols: ['redis', 'rediss'],
  }),
  MAX_BODY_BYTES: int({
    doc: 'Largest request body in bytes (413 above it); leaves room for 20 MB of base64 attachments. Trigger payloads are limited to 512 KB on their own',
    default: 30 * 1024 * 1024,
    min: 1024,
  }),
  CONTROL_PLANE_MAX_BODY_BYTES: int({
    doc: 'Largest request body of every route but the trigger routes (workflows, subscribers, topics, integrations, …), in bytes (413 above it)',
    default: 2 * 1024 * 1024,
    min: 1024,
  }),
  REQUEST_TIMEOUT_MS: int({
    doc: 'How long a client may take to send a whole request (headers and body); the connection is closed after it. Responses (SSE streams) are not limited',
    default: 60_000,
    min: 1_000,
  }),
  AUTH_FAILURES_PER_ADDRESS: int({
    doc: 'Failed authentications (an unknown API key, a wrong operator token, a bad inbox token or subscriberHash) one client address may make per AUTH_FAILURE_WINDOW_SECONDS before it gets 429 with Retry-After',
    default: 30,
    min: 1,
  }),
  AUTH_FAILURE_WINDOW_SECONDS: int({
    doc: 'Window of AUTH_FAILURES_PER_ADDRESS (counted in Redis, shared by every replica)',
    default: 60,
    min: 1,
  }),
  TRUSTED_PROXIES: str({
    doc: 'Comma-separated addresses or CIDR blocks of the load balancers in front of the gateway: X-Forwarded-For is believed only from them (the client address decides the failed-authentication limit); empty: the socket address',
    default: '',
    shownDefault: '(none)',
  }),
  ATTACHMENT_RPC_TIMEOUT_MS: int({
    doc: 'How long a trigger with attachments waits for attachment-service (503 after it, nothing queued)',
    default: 5_000,
    min: 100,
  }),
  WORKER_RPC_TIMEOUT_MS: int({
    doc: 'How long a route served by trigger-worker (subscribers, topics, activity, messages, cancel) waits for its answer (503 after it)',
    default: 5_000,
    min: 100,
  }),
  ATTACHMENT_UPLOAD_TIMEOUT_MS: int({
    doc: "How long one attachment's upload to object storage may take (503 after it, nothing queued)",
    default: 30_000,
    min: 100,
  }),
  IDEMPOTENCY_ENABLED: bool({ doc: 'Honour the Idempotency-Key header on POST and PATCH', default: true }),
  IDEMPOTENCY_TTL_SECONDS: int({
    doc: 'How long a completed keyed response is kept for replay',
    default: 86_400,
    min: 1,
  }),
  IDEMPOTENCY_LEASE_MS: int({
    doc: 'In-progress lease of a keyed request, renewed every third of it while the request runs (a crashed gateway frees its keys after this)',
    default: 30_000,
    min: 300,
  }),
  RATE_LIMIT_ENABLED: bool({ doc: 'Per-environment token-bucket rate limits', default: true }),
  RATE_LIMIT_TRIGGER_PER_SECOND: int({
    doc: 'Trigger category: tokens refilled per second per environment (a trigger costs its audience: 1 per subscriber, a topic its size, a broadcast the environment)',
    default: 1_000,
    min: 1,
  }),
  RATE_LIMIT_TRIGGER_BURST: int({
    doc: 'Trigger category: bucket size (largest burst) per environment',
    default: 5_000,
    min: 1,
  }),
  RATE_LIMIT_AUDIENCE_MAX_COST: int({
    doc: 'Trigger category: most tokens one trigger, bulk or broadcast is charged (its audience, counted up to this); an audience above the burst leaves the bucket in debt',
    default: 100_000,
    min: 1,
  }),
  RATE_LIMIT_OTHER_PER_SECOND: int({
    doc: 'Every other API route: tokens refilled per second per environment',
    default: 100,
    min: 1,
  }),
  RATE_LIMIT_OTHER_BURST: int({ doc: 'Every other API route: bucket size per environment', default: 500, min: 1 }),
  API_KEY_HMAC_SECRET: secret({
    doc: 'Secret for the keyed hash (HMAC-SHA-256) under which API keys are stored; required in production (openssl rand -base64 32)',
    default: DEV_SECRETS.API_KEY_HMAC_SECRET,
    shownDefault: '(dev-only secret)',
  }),
  API_KEY_HMAC_SECRET_PREVIOUS: secret({
    doc: 'The API-key secret being rotated out: a key not found under the current hash is looked up under this one (never used for new keys)',
    default: '',
    shownDefault: '(none)',
    optional: true,
  }),
  API_KEY_CACHE_TTL_MS: int({
    doc: 'How long a replica keeps an API-key lookup in memory. Revoked keys and changed organization settings reach every replica at once (api-key.revoked.v1, organization.settings-changed.v1); this only bounds a replica that missed the event',
    default: 30_000,
    min: 1_000,
    max: 86_400_000,
  }),
  HERALD_DEV_API_KEY: str({
    doc: 'When set, the gateway seeds a dev organization and environment whose API key this is (npm start sets it)',
    default: '',
    shownDefault: '(none)',
    secret: true,
  }),
  CREDENTIALS_ENCRYPTION_KEY: encryptionKey({
    doc: 'AES-256-GCM key (32 bytes, base64) sealing integration credentials at rest; required in production (openssl rand -base64 32)',
    default: Buffer.from(DEV_SECRETS.CREDENTIALS_ENCRYPTION_KEY, 'base64'),
    shownDefault: '(dev-only key)',
    secret: true,
    productionSecret: {},
  }),
  CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS: encryptionKeyList({
    doc: 'Retired credential keys (comma-separated base64), still accepted for decryption during a key rotation',
    default: [],
    shownDefault: '(none)',
    secret: true,
    productionSecret: { optional: true, list: true },
  }),
  RUNNER_CREDENTIALS_KEY: runnerCredentialsKey(),
  INTEGRATIONS_RPC_SERVE_CLEAR_V1: bool({
    doc:
      'Also answer integrations.list-for-runner.v1, which hands credentials to runners in clear over the broker, for runners older than ' +
      'integrations.list-for-runner.v2 during a rolling upgrade; turn it off once every runner is upgraded (off: such a call gets unknown_method)',
    default: false,
  }),
  INTEGRATION_TEST_RPC_TIMEOUT_MS: int({
    doc: "How long an integration's send test (POST /v1/integrations/:id/test) waits for its channel's runner and the provider (503 after it); keep it above the runners' RUNNER_PROVIDER_TIMEOUT_MS",
    default: 30_000,
    min: 100,
  }),
  INBOX_RPC_TIMEOUT_MS: int({
    doc: 'How long an inbox route (feed, unseen count, mark-as, SSE resumption) waits for runner-in-app (503 after it)',
    default: 5_000,
    min: 100,
  }),
  INBOX_SESSION_SECRET: secret({
    doc: 'Secret signing the inbox session tokens of SSE clients; required in production (openssl rand -base64 32), the same on every gateway replica',
    default: DEV_SECRETS.INBOX_SESSION_SECRET,
    shownDefault: '(dev-only secret)',
  }),
  INBOX_SESSION_SECRET_PREVIOUS: secret({
    doc: 'The inbox session secret being rotated out: tokens it signed still verify (new tokens are signed with INBOX_SESSION_SECRET)',
    default: '',
    shownDefault: '(none)',
    optional: true,
  }),
  INBOX_SESSION_TTL_SECONDS: int({
    doc: 'Lifetime of an inbox session token (a client opens its stream within it; an open stream is not cut when it expires)',
    default: 900,
    min: 10,
    max: 86_400,
  }),
  INBOX_CLIENT_TOKEN_TTL_SECONDS: int({
    doc: "Lifetime of the token a public POST /v1/inbox/session (Novu's <Inbox />, @novu/js) answers; the client does not renew it, so it outlives a browser session",
    default: 15 * 86_400,
    min: 10,
    max: 90 * 86_400,
  }),
  INBOX_MAX_SNOOZE_HOURS: int({
    doc: "Longest snooze of an inbox notification (the session's maxSnoozeDurationHours; 0 hides snoozing in <Inbox />)",
    default: 90 * 24,
    min: 0,
    max: 365 * 24,
  }),
  INBOX_REQUIRE_HMAC: bool({
    doc: 'Require subscriberHash = hex HMAC-SHA-256(secret, subscriberId) on POST /v1/inbox/session (secret: INBOX_HMAC_SECRET, else the API key)',
    default: false,
  }),
  INBOX_HMAC_SECRET: str({
    doc: 'Secret of the subscriberHash check; empty: the API key of the session request is the secret (as in Novu)',
    default: '',
    shownDefault: '(the API key)',
    secret: true,
  }),
  INBOX_STREAM_HEARTBEAT_MS: int({
    doc: 'Interval of the SSE heartbeat comments that keep idle inbox streams open through proxies',
    default: 15_000,
    min: 100,
  }),
  INBOX_STREAMS_PER_SUBSCRIBER: int({
    doc: 'Open inbox streams one subscriber may hold on one gateway replica; the next gets 429 with Retry-After (a browser tab holds one)',
    default: 10,
    min: 1,
  }),
  INBOX_STREAMS_PER_ENVIRONMENT: int({
    doc: "Open inbox streams one environment's subscribers may hold together on one gateway replica (429 above it), so one tenant cannot use up the replica's descriptors",
    default: 2_000,
    min: 1,
  }),
  INBOX_STREAM_SETTLE_MS: int({
    doc: 'How long an SSE stream holds a new inbox message back, so a message committed later with a lower sequence number is sent before it (events stay in order)',
    default: 150,
    min: 0,
    max: 5_000,
  }),
  OPERATOR_TOKEN: secret({
    doc: 'Bearer token for the /admin routes (organizations, environments, API keys); the routes are disabled while unset. In production at least 32 random bytes; wrong tokens count towards AUTH_FAILURES_PER_ADDRESS',
    default: '',
    shownDefault: '(none)',
    optional: true,
  }),
  ADMIN_HTTP_PORT: port({
    doc: 'Port of the operator listener: /admin routes and /metrics, which HTTP_PORT does not serve',
    default: 3100,
  }),
  ADMIN_HTTP_HOST: str({
    doc:
      'Address the operator listener binds; 0.0.0.0 in containers, so the CLI and Prometheus reach it ' +
      '(keep it off the public Service)',
    default: '127.0.0.1',
  }),
  OPERATIONS_AMQP_URL: url({
    doc:
      "RabbitMQ connection of the operator console's dead-letter routes (/admin/dead-letters): a broker user " +
      'that may only read the .dead queues and publish through the default exchange (herald_operations in ' +
      'deploy/rabbitmq/definitions.json); empty: AMQP_URL',
    default: '',
    shownDefault: '(AMQP_URL)',
    protocols: ['amqp', 'amqps'],
  }),
  CONSOLE_ENABLED: bool({
    doc:
      'Serve the web console at /console on HTTP_PORT, and the operator console at /admin/console on ADMIN_HTTP_PORT; ' +
      'false: both answer 404 and activityFeedLink stays the API path',
    default: true,
  }),
  PUBLIC_URL: url({
    doc: 'Base URL people reach the gateway at (https://herald.example.com): activityFeedLink becomes an absolute link to the console; empty: a relative path',
    default: '',
    shownDefault: '(none)',
    protocols: ['http', 'https'],
  }),
}).withRules([
  // The runners hold RUNNER_CREDENTIALS_KEY; the same bytes would open the gateway's table of credentials.
  (config) =>
    config.RUNNER_CREDENTIALS_KEY.equals(config.CREDENTIALS_ENCRYPTION_KEY)
      ? `RUNNER_CREDENTIALS_KEY must differ from CREDENTIALS_ENCRYPTION_KEY: the runners hold it, the at-rest key never leaves the gateway (${GENERATE_SECRET_HINT})`
      : undefined,
]);

export type GatewayConfig = ConfigOf<typeof gatewayConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
