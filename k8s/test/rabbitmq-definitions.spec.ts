import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { load, YAML11_SCHEMA } from 'js-yaml';

import { APP_NAMES } from './herald-apps.fixture';

// deploy/rabbitmq/definitions.json against the topology in the code: every queue a service
// declares lies inside its own permissions, and no service can read or configure another's.
const ROOT = resolve(__dirname, '../..');
const DEFINITIONS = join(ROOT, 'deploy/rabbitmq/definitions.json');

interface Permission {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}
interface Definitions {
  users: Array<{ name: string; password?: string; tags: string[] }>;
  permissions: Permission[];
}
const definitions = JSON.parse(readFileSync(DEFINITIONS, 'utf8')) as Definitions;
const userOf = (app: string) => `herald_${app.replace(/-/g, '_')}`;
const permissionOf = (app: string) => definitions.permissions.find((p) => p.user === userOf(app)) as Permission;
const matches = (pattern: string, name: string) => new RegExp(pattern).test(name);

const RUNNERS = APP_NAMES.filter((app) => app.startsWith('runner-'));
const RETRY_DELAYS = [1_000, 10_000, 60_000, 120_000];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(full) ? [full] : [];
  });
}

/**
 * The queue purposes each app declares, found in its source (and, for every runner, runner-kit's):
 * `purpose: '…'` and `…_PURPOSE = '…'`. Queues are `<app>.<purpose>` plus `.dead`, `.retry.<ms>`
 * and, for per-replica queues, `.<replica id>`; every RPC server serves `<app>.rpc`.
 */
function purposesByApp(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>(APP_NAMES.map((app) => [app, new Set(['rpc'])]));
  const scan = (dir: string, apps: string[]) => {
    for (const file of sources(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:purpose: |_PURPOSE = )'([a-z0-9-]+)'/g)) {
        for (const app of apps) found.get(app)?.add(match[1]);
      }
    }
  };
  for (const app of APP_NAMES) scan(join(ROOT, 'apps', app, 'src'), [app]);
  scan(join(ROOT, 'libs/runner-kit/src'), RUNNERS);
  return found;
}

function queuesOf(app: string): string[] {
  return [...(purposesByApp().get(app) ?? [])].flatMap((purpose) => {
    const queue = `${app}.${purpose}`;
    return [queue, `${queue}.dead`, ...RETRY_DELAYS.map((ms) => `${queue}.retry.${ms}`), `${queue}.replica-1f2e`];
  });
}

test('finds the topology it checks (trigger intake, dispatch, integration changes, inbox deletions)', () => {
  const worker = ['trigger-worker.trigger-requested', 'trigger-worker.job-status'];
  expect(queuesOf('trigger-worker')).toEqual(expect.arrayContaining(worker));
  const runner = ['runner-email.dispatch', 'runner-email.integration-changes'];
  expect(queuesOf('runner-email')).toEqual(expect.arrayContaining(runner));
  expect(queuesOf('runner-in-app')).toContain('runner-in-app.message-deletions');
  expect(queuesOf('api-gateway')).toEqual(expect.arrayContaining(['api-gateway.rpc', 'api-gateway.inbox-stream']));
});

test('one user per service, on the default vhost, without tags, plus the administrator and operations', () => {
  expect(definitions.users.map((u) => u.name).sort()).toEqual(
    ['herald', 'herald_operations', ...APP_NAMES.map(userOf)].sort(),
  );
  for (const app of APP_NAMES) {
    expect(definitions.users.find((u) => u.name === userOf(app))?.tags).toEqual([]);
    expect(permissionOf(app).vhost).toBe('/');
  }
});

test('no password is written in the file: each is a placeholder render-definitions.sh fills in', () => {
  for (const user of definitions.users) expect(user.password).toBe(`@password:${user.name}@`);
});

describe.each(APP_NAMES)('%s', (app) => {
  const permission = permissionOf(app);

  test('may declare, bind, publish to and consume every queue it declares, and use the herald exchange', () => {
    for (const queue of queuesOf(app)) {
      expect({ queue, configure: matches(permission.configure, queue) }).toEqual({ queue, configure: true });
      expect({ queue, write: matches(permission.write, queue) }).toEqual({ queue, write: true });
      expect({ queue, read: matches(permission.read, queue) }).toEqual({ queue, read: true });
    }
    for (const kind of ['configure', 'write', 'read'] as const) expect(matches(permission[kind], 'herald')).toBe(true);
  });

  test('may call RPCs (default exchange, direct reply-to)', () => {
    expect(matches(permission.write, 'amq.default')).toBe(true);
    expect(matches(permission.read, 'amq.rabbitmq.reply-to')).toBe(true);
  });

  test("can neither read nor configure another service's queues", () => {
    for (const other of APP_NAMES.filter((name) => name !== app)) {
      for (const queue of queuesOf(other)) {
        expect({ queue, read: matches(permission.read, queue) }).toEqual({ queue, read: false });
        expect({ queue, configure: matches(permission.configure, queue) }).toEqual({ queue, configure: false });
        expect({ queue, write: matches(permission.write, queue) }).toEqual({ queue, write: false });
      }
    }
    // Nor other exchanges (amq.topic, amq.direct, …), nor the administrator's objects.
    for (const kind of ['configure', 'read'] as const) expect(matches(permission[kind], 'amq.topic')).toBe(false);
  });
});

test('the operations user (operator console dead letters) reads only .dead queues and replays through amq.default', () => {
  const permission = definitions.permissions.find((entry) => entry.user === 'herald_operations');
  expect(permission).toBeDefined();
  if (!permission) return;
  expect(definitions.users.find((u) => u.name === 'herald_operations')?.tags).toEqual([]);
  for (const app of APP_NAMES)
    for (const queue of queuesOf(app)) {
      expect({ queue, read: matches(permission.read, queue) }).toEqual({ queue, read: queue.endsWith('.dead') });
      expect({ queue, configure: matches(permission.configure, queue) }).toEqual({ queue, configure: false });
    }
  expect(matches(permission.write, 'amq.default')).toBe(true);
  for (const name of ['herald', 'amq.topic', 'trigger-worker.trigger-requested'])
    expect({ name, write: matches(permission.write, name) }).toEqual({ name, write: false });
});

test('compose loads the definitions at broker start and gives each service its own user', () => {
  type Service = { environment?: Record<string, string>; volumes?: string[]; entrypoint?: string[] };
  const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { schema: YAML11_SCHEMA }) as {
    services: Record<string, Service>;
  };
  const rabbitmq = compose.services.rabbitmq;
  expect(rabbitmq.entrypoint).toEqual(['/etc/herald/rabbitmq/render-definitions.sh']);
  const mounts = [
    './deploy/rabbitmq:/etc/herald/rabbitmq:ro',
    './deploy/rabbitmq/20-herald.conf:/etc/rabbitmq/conf.d/20-herald.conf:ro',
  ];
  expect(rabbitmq.volumes).toEqual(expect.arrayContaining(mounts));
  const conf = readFileSync(join(ROOT, 'deploy/rabbitmq/20-herald.conf'), 'utf8');
  expect(conf).toMatch(/^load_definitions = \/tmp\/herald-definitions\.json$/m);
  for (const app of APP_NAMES) {
    const variable = `AMQP_URL_${app.toUpperCase().replace(/-/g, '_')}`;
    const required = `\${${variable}:?run tools/dev/generate-env.sh to write .env}`;
    expect(compose.services[app].environment?.AMQP_URL).toBe(required);
    expect(rabbitmq.environment?.[variable]).toBe(required);
  }
  expect(rabbitmq.environment?.AMQP_URL_OPERATIONS).toBe(
    '${AMQP_URL_OPERATIONS:?run tools/dev/generate-env.sh to write .env}',
  );
  expect(compose.services['api-gateway'].environment?.OPERATIONS_AMQP_URL).toBe(
    '${AMQP_URL_OPERATIONS:?run tools/dev/generate-env.sh to write .env}',
  );
  expect(relative(ROOT, DEFINITIONS)).toBe('deploy/rabbitmq/definitions.json');
});

test('the k8s dev overlay loads the same files: its ConfigMap is deploy/rabbitmq byte for byte', () => {
  const text = readFileSync(join(ROOT, 'k8s/overlays/dev/rabbitmq-definitions.yaml'), 'utf8');
  const configMap = load(text, { schema: YAML11_SCHEMA }) as { data: Record<string, string> };
  const files = readdirSync(join(ROOT, 'deploy/rabbitmq')).sort();
  expect(Object.keys(configMap.data).sort()).toEqual(files);
  for (const file of files) {
    const same = configMap.data[file] === readFileSync(join(ROOT, 'deploy/rabbitmq', file), 'utf8');
    expect({ file, same }).toEqual({ file, same: true });
  }
});
