import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { loadAll, YAML11_SCHEMA } from 'js-yaml';

import { KubeObject, objectId, renderKustomization } from './kustomization.renderer';

const K8S = resolve(__dirname, '..');
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'herald-kustomize-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = join(scratch, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return join(file, '..');
}

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "registry.local:5000/team/web:1.0"}
        - {name: sidecar, image: "busybox@sha256:abc"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {A: "1", B: "2"}
`;

test('applies resources, generators, patches, namespace, labels and images like kustomize', () => {
  write('base/app.yaml', DEPLOYMENT);
  write(
    'base/kustomization.yaml',
    `${KUSTOMIZATION}resources: [app.yaml]\nlabels:\n  - pairs: {tier: web}\n    includeTemplates: true\n`,
  );
  write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n');
  const overlay = write(
    'overlay/kustomization.yaml',
    `${KUSTOMIZATION}namespace: demo
resources: [../base, ../ns.yaml]
images:
  - {name: registry.local:5000/team/web, newTag: "2.0"}
  - {name: busybox, newName: mirror/busybox}
generatorOptions: {disableNameSuffixHash: true}
configMapGenerator:
  - {name: settings, behavior: merge, literals: [B=two, C=x=y]}
secretGenerator:
  - {name: creds, literals: [TOKEN=s3cr3t]}
patches:
  - target: {kind: Deploy.*}
    patch: |-
      - {op: add, path: /spec/replicas, value: 3}
      - {op: remove, path: /spec/template/spec/containers/1}
`,
  );
  const objects = new Map(renderKustomization(overlay).map((o) => [objectId(o), o]));
  expect([...objects.keys()].sort()).toEqual([
    'ConfigMap/demo/settings',
    'Deployment/demo/web',
    'Namespace//demo',
    'Secret/demo/creds',
  ]);
  const web = objects.get('Deployment/demo/web') as KubeObject & { spec: Record<string, never> };
  expect(web.metadata.labels).toEqual({ tier: 'web' });
  expect(web.spec).toMatchObject({
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web', tier: 'web' } } },
  });
  expect(web.spec).toMatchObject({
    template: { spec: { containers: [{ name: 'web', image: 'registry.local:5000/team/web:2.0' }] } },
  });
  expect(objects.get('ConfigMap/demo/settings')?.data).toEqual({ A: '1', B: 'two', C: 'x=y' });
  expect(objects.get('Secret/demo/creds')).toMatchObject({
    type: 'Opaque',
    data: { TOKEN: Buffer.from('s3cr3t').toString('base64') },
  });
});

test.each([
  ['a field it does not implement', 'commonLabels: {a: b}\n', /unsupported or invalid kustomization.*commonLabels/s],
  ['labels on selectors', 'labels: [{pairs: {a: b}, includeSelectors: true}]\n', /includeSelectors/],
  ['hashed generator names', 'configMapGenerator: [{name: x, literals: [A=1]}]\n', /disableNameSuffixHash/],
  [
    'a patch that matches nothing',
    'resources: [app.yaml]\npatches: [{target: {kind: Service}, patch: "[]"}]\n',
    /matches nothing/,
  ],
  [
    'a patch path that does not exist',
    'resources: [app.yaml]\npatches: [{target: {kind: Deployment}, patch: "[{op: replace, path: /spec/nope/x, value: 1}]"}]\n',
    /does not exist/,
  ],
  ['a resource defined twice', 'resources: [app.yaml, app.yaml]\n', /defined twice/],
])('refuses %s', (_case, body, message) => {
  write('app.yaml', DEPLOYMENT);
  const dir = write('kustomization.yaml', `${KUSTOMIZATION}${body}`);
  expect(() => renderKustomization(dir)).toThrow(message);
});

// The renderer stands in for kustomize, so where kubectl is installed, hold it to kubectl's output.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

(kubectl ? describe : describe.skip).each(['base', 'overlays/dev'])('k8s/%s', (dir) => {
  // The dev overlay's generated secrets: written by the real generator when missing, removed after.
  const secretsEnv = join(K8S, dir, 'secrets.env');
  let generated = false;
  beforeAll(() => {
    if (dir !== 'overlays/dev' || existsSync(secretsEnv)) return;
    const result = spawnSync(join(K8S, '..', 'tools', 'dev', 'generate-env.sh'), [secretsEnv, '--dev-api-key'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    generated = true;
  });
  afterAll(() => {
    if (generated) rmSync(secretsEnv);
  });

  test('renders exactly what `kubectl kustomize` renders', () => {
    const result = spawnSync('kubectl', ['kustomize', join(K8S, dir)], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    const expected = (loadAll(result.stdout, { schema: YAML11_SCHEMA }) as KubeObject[]).filter(Boolean);
    const byId = (objects: KubeObject[]) => Object.fromEntries(objects.map((o) => [objectId(o), o]));
    expect(byId(renderKustomization(join(K8S, dir)))).toEqual(byId(expected));
  });
});
