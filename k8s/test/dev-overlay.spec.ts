import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IService } from 'kubernetes-models/v1/Service';

import { APP_NAMES, brokerUrlVariable, databaseRole, databaseUrlVariable } from './herald-apps.fixture';
import { GENERATED_SECRETS } from './herald-apps.fixture';
import { readGeneratedEnvFile } from './herald-apps.fixture';
import { KubeObject, loadManifests, renderKustomization } from './kustomization.renderer';
import { findObject, objectsOfKind, podSpecOf, secretValues } from './rendered-objects.util';

const K8S = resolve(__dirname, '..');
const NAMESPACE = 'herald-dev';
const base = renderKustomization(join(K8S, 'base'));
const dev = renderKustomization(join(K8S, 'overlays', 'dev'), { readEnvFile: readGeneratedEnvFile });
const heraldSecrets = secretValues(findObject<KubeObject>(dev, 'Secret', 'herald-secrets'));
const infraSecrets = secretValues(findObject<KubeObject>(dev, 'Secret', 'herald-dev-infra'));
const adminSecrets = secretValues(findObject<KubeObject>(dev, 'Secret', 'herald-db-admin'));
const config = findObject<IConfigMap>(dev, 'ConfigMap', 'herald-config').data ?? {};

/** The value an env var of `workload`'s first container gets, following secretKeyRefs. */
function envValue(workload: IDeployment | IStatefulSet, name: string): string | undefined {
  const env: IEnvVar | undefined = podSpecOf(workload).containers[0].env?.find((e) => e.name === name);
  const ref = env?.valueFrom?.secretKeyRef;
  if (ref === undefined) return env?.value;
  const source = ref.name === 'herald-secrets' ? heraldSecrets : ref.name === 'herald-dev-infra' ? infraSecrets : {};
  return source[ref.key];
}

/** Asserts `url`'s host names a Service in the render that exposes its port. */
function expectServiceFor(url: string): void {
  const { hostname, port } = new URL(url);
  const service = findObject<IService>(dev, 'Service', hostname);
  expect(service.spec?.ports?.map((p) => p.port)).toContain(Number(port));
}

test('renders everything into the herald-dev namespace, the Namespace included', () => {
  expect(findObject<KubeObject>(dev, 'Namespace', NAMESPACE)).toBeDefined();
  expect(dev.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NAMESPACE)).toEqual([]);
  expect(base.every((o) => o.metadata.namespace === undefined)).toBe(true);
});

test('keeps every base object and adds Postgres, RabbitMQ, MinIO, Redis and maildev', () => {
  const ids = new Set(dev.map((o) => `${o.kind}/${o.metadata.name}`));
  expect(base.map((o) => `${o.kind}/${o.metadata.name}`).filter((id) => !ids.has(id))).toEqual([]);
  for (const name of ['postgres', 'rabbitmq', 'minio'])
    expect(findObject<IStatefulSet>(dev, 'StatefulSet', name).spec?.volumeClaimTemplates).toHaveLength(1);
  for (const name of ['redis', 'maildev']) expect(findObject<IDeployment>(dev, 'Deployment', name)).toBeDefined();
  for (const name of ['postgres', 'rabbitmq', 'minio', 'redis', 'maildev'])
    expect(findObject<IService>(dev, 'Service', name)).toBeDefined();
  expect(podSpecOf(findObject<IStatefulSet>(dev, 'StatefulSet', 'rabbitmq')).containers[0].image).toMatch(
    /^rabbitmq:3\.12-management$/,
  );
});

test('runs the locally built :dev images, one replica minimum each', () => {
  for (const app of APP_NAMES) {
    expect(podSpecOf(findObject<IDeployment>(dev, 'Deployment', app)).containers[0].image).toBe(`herald/${app}:dev`);
    expect(findObject<IHorizontalPodAutoscaler>(dev, 'HorizontalPodAutoscaler', app).spec?.minReplicas).toBe(1);
  }
});

test('merges dev settings into herald-config without losing the base keys', () => {
  const baseConfig = findObject<IConfigMap>(base, 'ConfigMap', 'herald-config').data ?? {};
  expect(Object.keys(config).sort()).toEqual(Object.keys(baseConfig).sort());
  expect(config).toMatchObject({
    S3_ENDPOINT: 'http://minio:9000',
    LOG_LEVEL: 'debug',
    SHUTDOWN_TIMEOUT_MS: baseConfig.SHUTDOWN_TIMEOUT_MS,
  });
});

test('generates herald-secrets with every key the production example documents, plus the dev API key', () => {
  const example = secretValues(loadManifests(join(K8S, 'base', 'secrets.example.yaml'))[0]);
  expect(Object.keys(heraldSecrets).sort()).toEqual([...Object.keys(example), 'HERALD_DEV_API_KEY'].sort());
  expect(Object.keys(adminSecrets)).toEqual(['PROVISION_DATABASE_URL']);
  expect(Buffer.from(heraldSecrets.CREDENTIALS_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
  const gateway = findObject<IDeployment>(dev, 'Deployment', 'api-gateway');
  expect(envValue(gateway, 'HERALD_DEV_API_KEY')).toBe(heraldSecrets.HERALD_DEV_API_KEY);
});

test('gives the gateway and every runner that fetches integrations one RUNNER_CREDENTIALS_KEY, the in-app runner none', () => {
  const key = heraldSecrets.RUNNER_CREDENTIALS_KEY;
  expect(Buffer.from(key, 'base64')).toHaveLength(32);
  expect(key).not.toBe(heraldSecrets.CREDENTIALS_ENCRYPTION_KEY);
  for (const app of ['api-gateway', 'runner-email', 'runner-sms', 'runner-push', 'runner-chat']) {
    expect({ app, key: envValue(findObject<IDeployment>(dev, 'Deployment', app), 'RUNNER_CREDENTIALS_KEY') }).toEqual({
      app,
      key,
    });
  }
  expect(
    envValue(findObject<IDeployment>(dev, 'Deployment', 'runner-in-app'), 'RUNNER_CREDENTIALS_KEY'),
  ).toBeUndefined();
});

test('runs in production mode with generated secrets: the overlay ships none, and git ignores the generated file', () => {
  expect(config.NODE_ENV).toBe('production');
  const kustomization = readFileSync(join(K8S, 'overlays', 'dev', 'kustomization.yaml'), 'utf8');
  for (const name of [...GENERATED_SECRETS, 'HERALD_DEV_API_KEY']) {
    expect(kustomization).not.toMatch(new RegExp(`^\\s*-\\s*${name}=`, 'm'));
    expect(heraldSecrets[name]).toBeTruthy();
  }
  expect(readFileSync(join(K8S, '..', '.gitignore'), 'utf8').split('\n')).toContain('k8s/overlays/dev/secrets.env');
});

test('points every service URL at an in-cluster Service with credentials the servers accept', () => {
  const serviceDatabases = APP_NAMES.map((app) => heraldSecrets[databaseUrlVariable(app)]);
  const brokers = APP_NAMES.map((app) => heraldSecrets[brokerUrlVariable(app)]);
  const urls = [...serviceDatabases, adminSecrets.PROVISION_DATABASE_URL, ...brokers];
  for (const url of [...urls, heraldSecrets.REDIS_URL, config.S3_ENDPOINT]) expectServiceFor(url);

  const postgres = findObject<IStatefulSet>(dev, 'StatefulSet', 'postgres');
  const superuser = new URL(adminSecrets.PROVISION_DATABASE_URL);
  expect([superuser.username, superuser.password, superuser.pathname]).toEqual(
    ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'].map(
      (name, index) => (index === 2 ? '/' : '') + envValue(postgres, name),
    ),
  );
  // Each service as its own role, in the same database; never the superuser (0031).
  for (const app of APP_NAMES) {
    const database = new URL(heraldSecrets[databaseUrlVariable(app)]);
    expect([database.username, database.pathname]).toEqual([databaseRole(app), superuser.pathname]);
    expect(database.password.length).toBeGreaterThanOrEqual(32);
  }

  const rabbitmq = findObject<IStatefulSet>(dev, 'StatefulSet', 'rabbitmq');
  // Each service as its own broker user, created from the definitions the broker loads (0031).
  for (const app of APP_NAMES) {
    const broker = new URL(heraldSecrets[brokerUrlVariable(app)]);
    expect(broker.username).toBe(databaseRole(app));
    expect(envValue(rabbitmq, brokerUrlVariable(app))).toBe(heraldSecrets[brokerUrlVariable(app)]);
  }

  const minio = findObject<IStatefulSet>(dev, 'StatefulSet', 'minio');
  expect([envValue(minio, 'MINIO_ROOT_USER'), envValue(minio, 'MINIO_ROOT_PASSWORD')]).toEqual([
    heraldSecrets.S3_ACCESS_KEY,
    heraldSecrets.S3_SECRET_KEY,
  ]);
  // MinIO refuses to start with a root password under 8 characters.
  expect(heraldSecrets.S3_SECRET_KEY.length).toBeGreaterThanOrEqual(8);
});

test('exposes RabbitMQ per-queue metrics, which the queue-depth HPAs read', () => {
  const rabbitmq = findObject<IStatefulSet>(dev, 'StatefulSet', 'rabbitmq');
  expect(envValue(rabbitmq, 'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS')).toContain('return_per_object_metrics true');
  expect(
    objectsOfKind<IService>(dev, 'Service').find((s) => s.spec?.ports?.some((p) => p.port === 15692)),
  ).toBeDefined();
});
