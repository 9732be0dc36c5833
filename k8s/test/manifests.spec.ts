import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';

import { APP_NAMES, HEALTH_ROUTES, HERALD_APPS, readGeneratedEnvFile, SECRET_VARIABLES } from './herald-apps.fixture';
import { brokerUrlVariable, databaseUrlVariable } from './herald-apps.fixture';
import { validateManifest } from './kube-schema.validator';
import { KubeObject, loadManifests, objectId, renderKustomization } from './kustomization.renderer';
import { findObject, objectsOfKind, podSpecOf, resolvePort, secretValues } from './rendered-objects.util';

const ROOT = resolve(__dirname, '../..');
const K8S = join(ROOT, 'k8s');
const SECRETS_EXAMPLE = join(K8S, 'base', 'secrets.example.yaml');
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

const renders: Record<'base' | 'dev', KubeObject[]> = {
  base: renderKustomization(join(K8S, 'base')),
  dev: renderKustomization(join(K8S, 'overlays', 'dev'), { readEnvFile: readGeneratedEnvFile }),
};
// Production creates herald-secrets out of band; its documented shape is the example file.
const secretsExample = loadManifests(SECRETS_EXAMPLE);

type Workload = IDeployment | IStatefulSet;

function workloads(objects: KubeObject[]): Array<{ id: string; workload: Workload }> {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => ({ id: objectId(o), workload: o as unknown as Workload }));
}

function containersOf(workload: Workload): IContainer[] {
  const pod = podSpecOf(workload);
  return [...pod.containers, ...(pod.initContainers ?? [])];
}

function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | undefined,
): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector).length > 0 &&
    Object.entries(selector).every(([k, v]) => labels?.[k] === v)
  );
}

test('one app per apps/ project, and no manifest for an app that does not exist', () => {
  // A service is a project with a process (src/main.ts); the console is files the gateway serves.
  const projects = readdirSync(join(ROOT, 'apps')).filter((dir) =>
    existsSync(join(ROOT, 'apps', dir, 'src', 'main.ts')),
  );
  expect([...projects].sort()).toEqual([...APP_NAMES].sort());
});

test('secrets.example.yaml is a valid Secret that no kustomization includes', () => {
  const examples = secretsExample.map((o) => `${o.kind}/${o.metadata.name}`);
  expect(examples).toEqual(['Secret/herald-secrets', 'Secret/herald-db-admin']);
  for (const secret of secretsExample) expect(validateManifest(secret)).toEqual([]);
  for (const objects of Object.values(renders))
    expect(objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'herald-secrets' && o.stringData)).toBe(
      false,
    );
});

describe.each(Object.keys(renders) as Array<keyof typeof renders>)('%s render', (name) => {
  const objects = renders[name];
  const secrets = name === 'base' ? [...objects, ...secretsExample] : objects;

  test('every manifest passes its Kubernetes schema and has no unknown fields', () => {
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((o) => validateManifest(o).map((p) => `${objectId(o)}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('every workload runs as non-root, without privilege escalation or capabilities, under RuntimeDefault seccomp', () => {
    const problems: string[] = [];
    for (const { id, workload } of workloads(objects)) {
      const pod = podSpecOf(workload);
      for (const container of containersOf(workload)) {
        const sc = container.securityContext ?? {};
        const where = `${id} container ${container.name}`;
        if ((sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot`);
        const uid = sc.runAsUser ?? pod.securityContext?.runAsUser;
        if (uid === undefined || uid === 0) problems.push(`${where}: runAsUser ${uid}`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation`);
        if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities.drop ALL`);
        if ((sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type !== 'RuntimeDefault')
          problems.push(`${where}: seccomp`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every container sets CPU and memory requests and limits', () => {
    const missing = workloads(objects).flatMap(({ id, workload }) =>
      containersOf(workload).flatMap((c) =>
        (['requests', 'limits'] as const).flatMap((kind) =>
          ['cpu', 'memory']
            .filter((r) => c.resources?.[kind]?.[r] === undefined)
            .map((r) => `${id} ${c.name} ${kind}.${r}`),
        ),
      ),
    );
    expect(missing).toEqual([]);
  });

  test('every Service selects pods of one workload and targets a port they declare', () => {
    const problems: string[] = [];
    for (const service of objectsOfKind<IService & KubeObject>(objects, 'Service')) {
      const backing = workloads(objects).filter(({ workload }) =>
        matchesSelector(workload.spec?.template.metadata?.labels, service.spec?.selector),
      );
      if (backing.length !== 1) {
        problems.push(`Service ${service.metadata.name} selects ${backing.length} workloads`);
        continue;
      }
      const containers = containersOf(backing[0].workload);
      for (const port of service.spec?.ports ?? []) {
        const target = port.targetPort ?? port.port;
        if (
          !containers.some(
            (c) =>
              resolvePort(c, target) !== undefined && c.ports?.some((p) => p.containerPort === resolvePort(c, target)),
          )
        ) {
          problems.push(
            `Service ${service.metadata.name} port ${port.name} targets ${target}, which no container declares`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every ConfigMap and Secret reference resolves to an object and key that exist', () => {
    const configMaps = new Map(
      objectsOfKind<KubeObject>(objects, 'ConfigMap').map((c) => [c.metadata.name, c.data as Record<string, string>]),
    );
    const secretKeys = new Map(
      secrets.filter((o) => o.kind === 'Secret').map((s) => [s.metadata.name, Object.keys(secretValues(s))]),
    );
    const problems: string[] = [];
    for (const { id, workload } of workloads(objects)) {
      for (const container of containersOf(workload)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef && !configMaps.has(source.configMapRef.name ?? ''))
            problems.push(`${id}: ConfigMap ${source.configMapRef.name}`);
        }
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref && !secretKeys.get(ref.name ?? '')?.includes(ref.key))
            problems.push(`${id}: ${env.name} <- Secret ${ref.name}/${ref.key}`);
          const cmRef = env.valueFrom?.configMapKeyRef;
          if (cmRef && configMaps.get(cmRef.name ?? '')?.[cmRef.key] === undefined)
            problems.push(`${id}: ${env.name} <- ConfigMap ${cmRef.name}/${cmRef.key}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('every HPA scales a Deployment that exists; every PDB protects exactly one workload', () => {
    const deployments = new Set(objectsOfKind<KubeObject>(objects, 'Deployment').map((d) => d.metadata.name));
    for (const hpa of objectsOfKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler')) {
      expect(hpa.spec?.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(deployments.has(hpa.spec?.scaleTargetRef.name ?? '')).toBe(true);
      expect(hpa.spec?.minReplicas ?? 1).toBeLessThanOrEqual(hpa.spec?.maxReplicas ?? 0);
    }
    for (const pdb of objectsOfKind<IPodDisruptionBudget & KubeObject>(objects, 'PodDisruptionBudget')) {
      const selected = workloads(objects).filter(({ workload }) =>
        matchesSelector(workload.spec?.template.metadata?.labels, pdb.spec?.selector?.matchLabels),
      );
      expect({ pdb: pdb.metadata.name, selected: selected.length }).toEqual({ pdb: pdb.metadata.name, selected: 1 });
    }
  });

  test('no credential is a literal: secret variables come from secretKeyRef, and herald-config holds none', () => {
    const config = findObject<IConfigMap>(objects, 'ConfigMap', 'herald-config');
    expect(Object.keys(config.data ?? {}).filter((k) => SECRET_VARIABLES.includes(k))).toEqual([]);
    const literals = workloads(objects).flatMap(({ id, workload }) =>
      containersOf(workload).flatMap((c) =>
        (c.env ?? [])
          .filter(
            (e) =>
              e.value !== undefined &&
              (SECRET_VARIABLES.includes(e.name) ||
                /PASSWORD|SECRET|_KEY$/.test(e.name) ||
                /:\/\/[^/]*:[^/]*@/.test(e.value)),
          )
          .map((e) => `${id}: ${e.name}`),
      ),
    );
    expect(literals).toEqual([]);
  });
});

test('provisions the database in a Job, the only reader of the superuser Secret', () => {
  type Job = KubeObject & { spec: { template: { spec: { containers: IContainer[] } } } };
  const [container] = findObject<Job>(renders.base, 'Job', 'herald-provision-db').spec.template.spec.containers;
  expect(container.command).toEqual(['node', 'dist/libs/persistence/src/bin/provision-database.js']);
  const fromSecrets = (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
  const refs = Object.fromEntries(fromSecrets.map((e) => [e.name, e.valueFrom?.secretKeyRef]));
  expect(refs.PROVISION_DATABASE_URL).toEqual({ name: 'herald-db-admin', key: 'PROVISION_DATABASE_URL' });
  for (const app of APP_NAMES) {
    expect(refs[databaseUrlVariable(app)]).toEqual({ name: 'herald-secrets', key: databaseUrlVariable(app) });
  }
  const readsAdmin = (c: IContainer) =>
    (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef?.name === 'herald-db-admin');
  const readers = workloads(renders.base).filter(({ workload }) => containersOf(workload).some(readsAdmin));
  expect(readers).toEqual([]);
});

describe.each(APP_NAMES)('base: %s', (app) => {
  const objects = renders.base;
  const facts = HERALD_APPS[app];
  const deployment = findObject<IDeployment>(objects, 'Deployment', app);
  const pod = podSpecOf(deployment);
  const container = pod.containers.find((c) => c.name === app) as IContainer;
  const env = new Map((container?.env ?? []).map((e) => [e.name, e]));

  test('has a Deployment, a Service, an HPA and a PDB', () => {
    expect(container).toBeDefined();
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'])
      expect(() => findObject(objects, kind, app)).not.toThrow();
  });

  test('listens on its HTTP_PORT, and its probes ask the health routes on that port', () => {
    expect(env.get('HTTP_PORT')?.value).toBe(String(facts.port));
    const admin =
      facts.adminPort === undefined ? [] : [{ name: 'admin', containerPort: facts.adminPort, protocol: 'TCP' }];
    expect(container.ports).toEqual([{ name: 'http', containerPort: facts.port, protocol: 'TCP' }, ...admin]);
    if (facts.adminPort !== undefined) {
      expect(env.get('ADMIN_HTTP_PORT')?.value).toBe(String(facts.adminPort));
      expect(env.get('ADMIN_HTTP_HOST')?.value).toBe('0.0.0.0');
    }
    // Prometheus scrapes /metrics where it is served: the operator port when there is one.
    expect(deployment.spec?.template.metadata?.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(facts.adminPort ?? facts.port),
      'prometheus.io/path': '/metrics',
    });
    const probes = {
      readiness: container.readinessProbe,
      liveness: container.livenessProbe,
      startup: container.startupProbe,
    };
    expect(probes.readiness?.httpGet?.path).toBe(HEALTH_ROUTES.ready);
    expect(probes.liveness?.httpGet?.path).toBe(HEALTH_ROUTES.live);
    // A start-up probe must not wait for dependencies: that is readiness's job.
    if (probes.startup) expect(probes.startup.httpGet?.path).toBe(HEALTH_ROUTES.live);
    for (const probe of Object.values(probes))
      if (probe) expect(resolvePort(container, probe.httpGet?.port)).toBe(facts.port);
  });

  test('runs as the image user (uid 1000) on a read-only root filesystem', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('gives the preStop pause and the drain time to finish before SIGKILL', () => {
    const config = findObject<IConfigMap>(objects, 'ConfigMap', 'herald-config');
    const drainSeconds = Number(config.data?.SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS) / 1000;
    const command = container.lifecycle?.preStop?.exec?.command ?? [];
    expect(command[0]).toBe('sleep');
    const preStopSeconds = Number(command[1]);
    expect(preStopSeconds).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds + drainSeconds);
  });

  test('takes exactly its credentials, each from herald-secrets by secretKeyRef', () => {
    const expected = ['DATABASE_URL', 'AMQP_URL', ...facts.secrets];
    const fromSecrets = [...env.values()].filter((e) => e.valueFrom?.secretKeyRef);
    expect(fromSecrets.map((e) => e.name).sort()).toEqual([...expected].sort());
    // DATABASE_URL and AMQP_URL log in as the service's own role and user, under keys of its own.
    const own: Record<string, string> = { DATABASE_URL: databaseUrlVariable(app) };
    own.AMQP_URL = brokerUrlVariable(app);
    own.OPERATIONS_AMQP_URL = 'AMQP_URL_OPERATIONS'; // the gateway's operations broker user (0031)
    const keyOf = (name: string) => own[name] ?? name;
    for (const e of fromSecrets) {
      expect(e.valueFrom?.secretKeyRef).toEqual({ name: 'herald-secrets', key: keyOf(e.name) });
    }
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'herald-config' } }]);
  });

  test('ships a pinned image of its own', () => {
    expect(container.image).toMatch(new RegExp(`^herald/${app}:(?!latest$)[\\w.-]+$`));
  });

  test('its Service exposes the http port under the app name', () => {
    const service = findObject<IService>(objects, 'Service', app);
    expect(service.spec?.ports).toEqual([{ name: 'http', port: facts.port, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec?.selector).toEqual(deployment.spec?.selector.matchLabels);
  });

  test(facts.queue ? 'scales on its queue depth (External metric) and CPU' : 'scales on CPU', () => {
    const hpa = findObject<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler', app);
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec?.replicas).toBeUndefined();
    const metrics = hpa.spec?.metrics ?? [];
    expect(metrics.find((m) => m.type === 'Resource')?.resource).toMatchObject({
      name: 'cpu',
      target: { type: 'Utilization' },
    });
    const external = metrics.filter((m) => m.type === 'External').map((m) => m.external);
    if (facts.queue === undefined) {
      expect(external).toEqual([]);
      return;
    }
    expect(external).toHaveLength(1);
    expect(external[0]?.metric).toEqual({
      name: 'rabbitmq_queue_messages_ready',
      selector: { matchLabels: { queue: facts.queue } },
    });
    expect(external[0]?.target.type).toBe('AverageValue');
  });

  test('its PDB lets at most one pod go at a time', () => {
    const pdb = findObject<IPodDisruptionBudget>(objects, 'PodDisruptionBudget', app);
    expect(pdb.spec?.maxUnavailable ?? pdb.spec?.minAvailable).toBe(1);
    expect(pdb.spec?.selector?.matchLabels).toEqual(deployment.spec?.selector.matchLabels);
  });
});
