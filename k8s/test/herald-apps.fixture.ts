import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What the deployment files must agree on about each Herald service. */
export interface HeraldAppFacts {
  port: number;
  /** The operator listener (`/admin`, `/metrics`), on no Service; only the gateway has one. */
  adminPort?: number;
  /** Secret variables beyond the DATABASE_URL and AMQP_URL every service gets. */
  secrets: readonly string[];
  /** The work queue whose depth scales it; undefined when it scales on CPU alone. */
  queue?: string;
}

export const HERALD_APPS: Readonly<Record<string, HeraldAppFacts>> = {
  'api-gateway': {
    port: 3000,
    adminPort: 3100,
    secrets: [
      'REDIS_URL',
      'INBOX_SESSION_SECRET',
      'API_KEY_HMAC_SECRET',
      'CREDENTIALS_ENCRYPTION_KEY',
      'RUNNER_CREDENTIALS_KEY',
      'OPERATIONS_AMQP_URL',
    ],
  },
  'attachment-service': { port: 3001, secrets: ['S3_ACCESS_KEY', 'S3_SECRET_KEY'] },
  'trigger-worker': { port: 3002, secrets: [], queue: 'trigger-worker.trigger-requested' },
  'runner-email': { port: 3003, secrets: ['RUNNER_CREDENTIALS_KEY'], queue: 'runner-email.dispatch' },
  'runner-sms': { port: 3004, secrets: ['RUNNER_CREDENTIALS_KEY'], queue: 'runner-sms.dispatch' },
  'runner-push': { port: 3005, secrets: ['RUNNER_CREDENTIALS_KEY'], queue: 'runner-push.dispatch' },
  'runner-chat': { port: 3006, secrets: ['RUNNER_CREDENTIALS_KEY'], queue: 'runner-chat.dispatch' },
  // Delivers with its built-in integration: no integration credentials, so no RUNNER_CREDENTIALS_KEY.
  'runner-in-app': { port: 3007, secrets: [], queue: 'runner-in-app.dispatch' },
};

export const APP_NAMES = Object.keys(HERALD_APPS);

/** Variables that hold credentials (URLs with passwords included): only ever from a Secret. */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'AMQP_URL',
  'REDIS_URL',
  'INBOX_SESSION_SECRET',
  'API_KEY_HMAC_SECRET',
  'CREDENTIALS_ENCRYPTION_KEY',
  'RUNNER_CREDENTIALS_KEY',
  'OPERATIONS_AMQP_URL',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
];

/** `api-gateway` → `herald_api_gateway`: the Postgres role each service logs in as (0031). */
export const databaseRole = (app: string) => `herald_${app.replace(/-/g, '_')}`;

/** `api-gateway` → `DATABASE_URL_API_GATEWAY`: the herald-secrets key (and .env variable) of its DATABASE_URL. */
export const databaseUrlVariable = (app: string) => `DATABASE_URL_${app.toUpperCase().replace(/-/g, '_')}`;

/** `api-gateway` → `AMQP_URL_API_GATEWAY`: the herald-secrets key (and .env variable) of its AMQP_URL. */
export const brokerUrlVariable = (app: string) => `AMQP_URL_${app.toUpperCase().replace(/-/g, '_')}`;

/** Herald's own secrets: generated per install (never a default in compose or a k8s overlay), refused in production when weak. */
export const GENERATED_SECRETS = [
  'INBOX_SESSION_SECRET',
  'API_KEY_HMAC_SECRET',
  'CREDENTIALS_ENCRYPTION_KEY',
  'RUNNER_CREDENTIALS_KEY',
];

/**
 * Reads a kustomization's `envs` file, standing in for the never-committed
 * `k8s/overlays/dev/secrets.env` with what `tools/dev/generate-env.sh … --dev-api-key` writes.
 */
export function readGeneratedEnvFile(path: string): string {
  if (!path.endsWith('/overlays/dev/secrets.env')) return readFileSync(path, 'utf8');
  const random = () => randomBytes(32).toString('base64');
  const password = () => randomBytes(32).toString('base64url');
  const databaseUrl = (app: string) => `postgres://${databaseRole(app)}:${password()}@postgres:5432/herald`;
  const databaseUrls = APP_NAMES.map((app) => `${databaseUrlVariable(app)}=${databaseUrl(app)}`);
  const brokerUrl = (app: string) => `amqp://${databaseRole(app)}:${password()}@rabbitmq:5672`;
  const brokerUrls = APP_NAMES.map((app) => `${brokerUrlVariable(app)}=${brokerUrl(app)}`);
  const secrets = GENERATED_SECRETS.map((name) => `${name}=${random()}`);
  return [
    ...secrets,
    ...databaseUrls,
    ...brokerUrls,
    `AMQP_URL_OPERATIONS=amqp://herald_operations:${password()}@rabbitmq:5672`,
    `HERALD_DEV_API_KEY=hk_dev_${randomBytes(32).toString('base64url')}`,
  ].join('\n');
}

export const HEALTH_ROUTES = { live: '/health/live', ready: '/health/ready' };
