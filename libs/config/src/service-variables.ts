import { int, oneOf, port, str, url } from './config-variable';

/**
 * Variables every Herald service reads. Defaults point at the local services of a developer
 * machine, so `npm start` needs no configuration.
 */
export function serviceVariables(defaultPort: number) {
  return {
    NODE_ENV: oneOf(['development', 'production', 'test'] as const, { doc: 'Runtime mode', default: 'development' }),
    LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'] as const, { doc: 'Lowest log level written', default: 'info' }),
    HTTP_PORT: port({
      doc: 'Port for /health/live, /health/ready, /metrics (on the gateway: the API and health; its /metrics is on ADMIN_HTTP_PORT)',
      default: defaultPort,
    }),
    DATABASE_URL: url({
      doc:
        "PostgreSQL database, as this service's own role (herald_<service>), which owns its schema and nothing else. " +
        'The database, role and schema are provisioned beforehand (npm start does it; compose/k8s run provision-db)',
      default: 'postgres://postgres@127.0.0.1:5432/herald',
      protocols: ['postgres', 'postgresql'],
    }),
    DB_POOL_SIZE: int({ doc: 'Maximum Postgres connections per process', default: 5, min: 1, max: 50 }),
    AMQP_URL: url({
      doc: 'RabbitMQ connection',
      default: 'amqp://guest:guest@127.0.0.1:5672',
      protocols: ['amqp', 'amqps'],
    }),
    AMQP_PREFETCH: int({ doc: 'Unacknowledged messages per consumer', default: 50, min: 1, max: 10_000 }),
    BROKER_EXCHANGE: str({ doc: 'Name of the durable topic exchange', default: 'herald' }),
    BROKER_NAME_PREFIX: str({
      doc: 'Prefix for exchange and queue names (isolates test runs)',
      default: '',
      shownDefault: '(none)',
    }),
    CONSUMER_QUARANTINE_AFTER_CRASHES: int({
      doc:
        'A message whose handling killed its consumer this many times (once in a batch, then alone) is ' +
        'quarantined: moved to the .dead queue with the reason, never handled again',
      default: 3,
      min: 2,
      max: 19,
    }),
    HERALD_TEST_POISON_MARKER: str({
      doc:
        'TEST ONLY: a consumed message containing this string (8+ characters) kills the process, ' +
        'to test crash-loop protection; refused when NODE_ENV=production',
      default: '',
      shownDefault: '(off)',
      testOnly: true,
    }),
    SHUTDOWN_TIMEOUT_MS: int({
      doc: 'How long SIGTERM waits for in-flight work before closing',
      default: 25_000,
      min: 0,
    }),
  };
}
