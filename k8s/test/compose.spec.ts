import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  command?: string[];
  init?: boolean;
}

// YAML 1.1, as docker-compose 1.29 (PyYAML) reads it: an unquoted 3000:3000 would be a number.
const compose = load(readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8'), {
  schema: YAML11_SCHEMA,
}) as {
  version: unknown;
  networks?: { default?: { ipam?: { config?: Array<{ subnet?: string }> } } };
  services: Record<string, ComposeService>;
};
const services = compose.services;
const INFRA = {
  postgres: /^postgres:15$/,
  rabbitmq: /^rabbitmq:3\.12-management$/,
  redis: /^redis:7$/,
  minio: /^minio\/minio:/,
  maildev: /^maildev\/maildev:/,
};
const EXTRA_DEPENDENCIES: Record<string, string[]> = { 'api-gateway': ['redis'], 'attachment-service': ['minio'] };

function seconds(duration: string | undefined): number {
  const match = /^(\d+)(s|m)$/.exec(duration ?? '');
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

test('uses a compose format both docker-compose 1.29 and Compose v2 read', () => {
  expect(compose.version).toBe('3.8');
});

test('runs exactly the infrastructure, the provisioning step and every Herald service', () => {
  expect(Object.keys(services).sort()).toEqual([...Object.keys(INFRA), 'provision-db', ...APP_NAMES].sort());
  for (const [name, image] of Object.entries(INFRA)) expect(services[name].image).toMatch(image);
});

test('every service that others wait for as healthy has a healthcheck', () => {
  for (const [name, service] of Object.entries(services)) {
    if (Array.isArray(service.depends_on)) throw new Error(`${name}: depends_on without conditions`);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      expect(services[dependency]).toBeDefined();
      if (condition === 'service_healthy')
        expect({ dependency, healthcheck: services[dependency].healthcheck !== undefined }).toEqual({
          dependency,
          healthcheck: true,
        });
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

  test('starts once Postgres, RabbitMQ and what else it needs are healthy and the database provisioned', () => {
    const dependsOn = service.depends_on as Record<string, { condition?: string }>;
    for (const dependency of ['postgres', 'rabbitmq', ...(EXTRA_DEPENDENCIES[app] ?? [])])
      expect(dependsOn[dependency]).toEqual({ condition: 'service_healthy' });
    expect(dependsOn['provision-db']).toEqual({ condition: 'service_completed_successfully' });
  });

  test('connects to Postgres as its own role, with the password from .env (never the superuser)', () => {
    const variable = `DATABASE_URL_${app.toUpperCase().replace(/-/g, '_')}`;
    const required = `\${${variable}:?run tools/dev/generate-env.sh to write .env}`;
    expect(service.environment?.DATABASE_URL).toBe(required);
    expect(services['provision-db'].environment?.[variable]).toBe(required);
  });

  test('has its credentials and lets the drain finish before SIGKILL', () => {
    for (const name of ['DATABASE_URL', 'AMQP_URL', ...facts.secrets]) expect(service.environment?.[name]).toBeTruthy();
    expect(SECRET_VARIABLES.filter((name) => service.environment?.[name] !== undefined).sort()).toEqual(
      ['DATABASE_URL', 'AMQP_URL', ...facts.secrets].sort(),
    );
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

test('publishes the gateway on port 3000, its operator port on loopback, and wires credentials the servers accept', () => {
  expect(services['api-gateway'].ports).toEqual(['3000:3000', '127.0.0.1:3100:3100']);
  expect(services['api-gateway'].environment).toMatchObject({ ADMIN_HTTP_PORT: '3100', ADMIN_HTTP_HOST: '0.0.0.0' });
  const env = (name: string) => services[name].environment ?? {};
  const superuser = new URL(env('provision-db').PROVISION_DATABASE_URL);
  const postgres = env('postgres');
  expect([superuser.hostname, superuser.username, superuser.password, superuser.pathname]).toEqual([
    'postgres',
    postgres.POSTGRES_USER,
    postgres.POSTGRES_PASSWORD,
    `/${postgres.POSTGRES_DB}`,
  ]);
  expect(services['provision-db'].command).toEqual(['node', 'dist/libs/persistence/src/bin/provision-database.js']);
  // Each service's broker user is in deploy/rabbitmq/definitions.json (rabbitmq-definitions.spec.ts).
  expect(env('trigger-worker').AMQP_URL).toBe(
    `\${AMQP_URL_TRIGGER_WORKER:?run tools/dev/generate-env.sh to write .env}`,
  );
  const attachments = env('attachment-service');
  expect([attachments.S3_ENDPOINT, attachments.S3_ACCESS_KEY, attachments.S3_SECRET_KEY]).toEqual([
    'http://minio:9000',
    env('minio').MINIO_ROOT_USER,
    env('minio').MINIO_ROOT_PASSWORD,
  ]);
  expect(new URL(env('api-gateway').REDIS_URL).hostname).toBe('redis');
});

test('pins the network subnet and lets runner-email reach exactly that subnet (maildev), nothing else private', () => {
  const subnets = (compose.networks?.default?.ipam?.config ?? []).map((entry) => entry.subnet);
  expect(subnets).toEqual(['172.30.53.0/24']);
  expect(services['runner-email'].environment?.RUNNER_OUTBOUND_ALLOWED_CIDRS).toBe(subnets[0]);
  for (const app of APP_NAMES.filter((name) => name !== 'runner-email')) {
    expect(services[app].environment?.RUNNER_OUTBOUND_ALLOWED_CIDRS).toBeUndefined();
  }
});

test('generate-env.sh writes every variable compose requires, and docker-compose accepts the file with it', () => {
  const root = resolve(__dirname, '../..');
  const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  const required = [...new Set([...text.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((match) => match[1]))];
  const dir = mkdtempSync(join(tmpdir(), 'herald-env-'));
  try {
    const file = join(dir, '.env');
    expect(spawnSync(join(root, 'tools/dev/generate-env.sh'), [file], { encoding: 'utf8' }).status).toBe(0);
    const generated = Object.fromEntries(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z0-9_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(required.filter((name) => !generated[name])).toEqual([]);
    for (const app of APP_NAMES) {
      const url = new URL(generated[`DATABASE_URL_${app.toUpperCase().replace(/-/g, '_')}`]);
      const role = `herald_${app.replace(/-/g, '_')}`;
      expect([url.username, url.hostname, url.pathname]).toEqual([role, 'postgres', '/herald']);
      expect(decodeURIComponent(url.password)).toMatch(/^[\w-]{40,}$/);
    }
    const args = ['-f', join(root, 'docker-compose.yml'), 'config', '-q'];
    const config = spawnSync('docker-compose', args, { encoding: 'utf8', env: { ...process.env, ...generated } });
    if (config.error) return; // docker-compose is not installed here
    expect({ status: config.status, stderr: config.stderr }).toEqual({ status: 0, stderr: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
