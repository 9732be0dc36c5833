import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { APP_NAMES, GENERATED_SECRETS, HEALTH_ROUTES, HERALD_APPS, SECRET_VARIABLES } from './herald-apps.fixture';

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: string[];
  stop_grace_period?: string;
  init?: boolean;
}

// YAML 1.1, as docker-compose 1.29 (PyYAML) reads it: an unquoted 3000:3000 would be a number.
const compose = load(readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8'), { schema: YAML11_SCHEMA }) as {
  version: unknown;
  services: Record<string, ComposeService>;
};
const services = compose.services;
const INFRA = { postgres: /^postgres:15$/, rabbitmq: /^rabbitmq:3\.12-management$/, redis: /^redis:7$/, minio: /^minio\/minio:/, maildev: /^maildev\/maildev:/ };
const EXTRA_DEPENDENCIES: Record<string, string[]> = { 'api-gateway': ['redis'], 'attachment-service': ['minio'] };

function seconds(duration: string | undefined): number {
  const match = /^(\d+)(s|m)$/.exec(duration ?? '');
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

test('uses a compose format both docker-compose 1.29 and Compose v2 read', () => {
  expect(compose.version).toBe('3.8');
});

test('runs exactly the infrastructure and every Herald service', () => {
  expect(Object.keys(services).sort()).toEqual([...Object.keys(INFRA), ...APP_NAMES].sort());
  for (const [name, image] of Object.entries(INFRA)) expect(services[name].image).toMatch(image);
});

test('every service that others wait for as healthy has a healthcheck', () => {
  for (const [name, service] of Object.entries(services)) {
    if (Array.isArray(service.depends_on)) throw new Error(`${name}: depends_on without conditions`);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      expect(services[dependency]).toBeDefined();
      if (condition === 'service_healthy') expect({ dependency, healthcheck: services[dependency].healthcheck !== undefined }).toEqual({ dependency, healthcheck: true });
    }
  }
});

test('every port mapping and environment value is a string', () => {
  for (const service of Object.values(services)) {
    for (const port of service.ports ?? []) expect(typeof port).toBe('string');
    for (const value of Object.values(service.environment ?? {})) expect(typeof value).toBe('string');
  }
});

describe.each(APP_NAMES)('%s', (app) => {
  const service = services[app];
  const facts = HERALD_APPS[app];

  test('is built from the one Dockerfile with APP set to its name', () => {
    expect(service.build).toEqual({ context: '.', dockerfile: 'Dockerfile', args: { APP: app } });
    expect(service.image).toBe(`herald/${app}:dev`);
  });

  test('checks its readiness route on its HTTP_PORT with node (slim images have no curl)', () => {
    expect(service.environment?.HTTP_PORT).toBe(String(facts.port));
    const test = service.healthcheck?.test;
    expect(Array.isArray(test) && test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(String(test?.[3])).toContain(`process.env.HTTP_PORT + '${HEALTH_ROUTES.ready}'`);
  });

  test('starts only once Postgres, RabbitMQ and what else it needs are healthy', () => {
    const dependsOn = service.depends_on as Record<string, { condition?: string }>;
    for (const dependency of ['postgres', 'rabbitmq', ...(EXTRA_DEPENDENCIES[app] ?? [])]) expect(dependsOn[dependency]).toEqual({ condition: 'service_healthy' });
  });

  test('has its credentials and lets the drain finish before SIGKILL', () => {
    for (const name of ['DATABASE_URL', 'AMQP_URL', ...facts.secrets]) expect(service.environment?.[name]).toBeTruthy();
    expect(SECRET_VARIABLES.filter((name) => service.environment?.[name] !== undefined).sort()).toEqual(['DATABASE_URL', 'AMQP_URL', ...facts.secrets].sort());
    expect(seconds(service.stop_grace_period)).toBeGreaterThan(Number(service.environment?.SHUTDOWN_TIMEOUT_MS) / 1000);
    expect(service.init).toBe(true);
  });

  test('runs in production mode, its generated secrets required from .env (no default to fall back on)', () => {
    expect(service.environment?.NODE_ENV).toBe('production');
    for (const name of GENERATED_SECRETS.filter((secret) => facts.secrets.includes(secret))) {
      expect(service.environment?.[name]).toBe(`\${${name}:?run tools/dev/generate-env.sh to write .env}`);
    }
  });
});

test('publishes the gateway on port 3000 and wires credentials the servers accept', () => {
  expect(services['api-gateway'].ports).toEqual(['3000:3000']);
  const env = (name: string) => services[name].environment ?? {};
  const database = new URL(env('trigger-worker').DATABASE_URL);
  expect([database.hostname, database.username, database.password, database.pathname]).toEqual(['postgres', env('postgres').POSTGRES_USER, env('postgres').POSTGRES_PASSWORD, `/${env('postgres').POSTGRES_DB}`]);
  const broker = new URL(env('trigger-worker').AMQP_URL);
  expect([broker.hostname, broker.username, broker.password]).toEqual(['rabbitmq', env('rabbitmq').RABBITMQ_DEFAULT_USER, env('rabbitmq').RABBITMQ_DEFAULT_PASS]);
  const attachments = env('attachment-service');
  expect([attachments.S3_ENDPOINT, attachments.S3_ACCESS_KEY, attachments.S3_SECRET_KEY]).toEqual(['http://minio:9000', env('minio').MINIO_ROOT_USER, env('minio').MINIO_ROOT_PASSWORD]);
  expect(new URL(env('api-gateway').REDIS_URL).hostname).toBe('redis');
});
