import { ConfigOf, defineConfig, serviceVariables, str, url } from '@herald/config';

/** api-gateway's configuration: the only reader of process.env in this app. */
export const gatewayConfig = defineConfig('api-gateway', {
  ...serviceVariables(3000),
  REDIS_URL: url({ doc: 'Redis (idempotency keys, rate limits, API-key cache)', default: 'redis://127.0.0.1:6379', protocols: ['redis', 'rediss'] }),
  API_KEY_HMAC_SECRET: str({
    doc: 'Secret for the keyed hash (HMAC-SHA-256) under which API keys are stored; set your own in production',
    default: 'herald-dev-only-api-key-secret',
    secret: true,
  }),
  HERALD_DEV_API_KEY: str({
    doc: 'When set, the gateway seeds a dev organization and environment whose API key this is (npm start sets it)',
    default: '',
    shownDefault: '(none)',
    secret: true,
  }),
});

export type GatewayConfig = ConfigOf<typeof gatewayConfig>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
