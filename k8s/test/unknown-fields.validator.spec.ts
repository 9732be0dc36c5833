import { Deployment } from 'kubernetes-models/apps/v1/Deployment';

import { validateManifest } from './kube-schema.validator';
import type { KubeObject } from './kustomization.renderer';
import { findUnknownFields } from './unknown-fields.validator';

const validateDeployment = (data: unknown) => Deployment.prototype.validate.call(data);

function deployment(container: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'demo',
      labels: { 'app.kubernetes.io/name': 'demo', 'any/key-at-all': 'x' },
      annotations: { 'free.form/annotation': 'y' },
    },
    spec: {
      selector: { matchLabels: { app: 'demo' } },
      template: {
        metadata: { labels: { app: 'demo' } },
        spec: { containers: [{ name: 'demo', image: 'demo:1', ...container }] },
      },
      ...extra,
    },
  };
}

describe('findUnknownFields', () => {
  test('a valid Deployment, labels and annotations included, has none', () => {
    const manifest = deployment({
      ports: [{ name: 'http', containerPort: 3000 }],
      resources: { limits: { cpu: '1', memory: '512Mi' } },
    });
    expect(findUnknownFields(manifest, validateDeployment)).toEqual([]);
  });

  test('reports typo’d fields at every depth that kubernetes-models alone lets through', () => {
    const manifest = deployment(
      {
        readinesProbe: { httpGet: { path: '/health/ready', port: 3000 } },
        livenessProbe: { httpGet: { path: '/health/live', port: 3000, shceme: 'HTTP' } },
        securityContext: { runAsNonroot: true },
      },
      { replica: 2 },
    );
    // The whole point: the schema validation by itself accepts this manifest.
    expect(() => new Deployment(manifest as never).validate()).not.toThrow();
    expect(findUnknownFields(manifest, validateDeployment).sort()).toEqual([
      '/spec/replica',
      '/spec/template/spec/containers/0/livenessProbe/httpGet/shceme',
      '/spec/template/spec/containers/0/readinesProbe',
      '/spec/template/spec/containers/0/securityContext/runAsNonroot',
    ]);
  });

  test('escapes keys as JSON pointers', () => {
    const manifest = { ...deployment({}), 'odd/key~': true };
    expect(findUnknownFields(manifest, validateDeployment)).toEqual(['/odd~1key~0']);
  });
});

describe('validateManifest', () => {
  test('reports schema errors and unknown fields together', () => {
    const manifest = deployment({ imagePullPolicy: 'IfNotPresent', imagePulPolicy: 'Always' }, { replicas: 'two' });
    const problems = validateManifest(manifest);
    expect(problems).toEqual([
      expect.stringMatching(/^schema: .*\/spec\/replicas must be integer/),
      'unknown field: /spec/template/spec/containers/0/imagePulPolicy',
    ]);
  });

  test('checks apiVersion and kind as written, and refuses kinds it has no schema for', () => {
    expect(validateManifest({ ...deployment({}), apiVersion: 'apps/v1beta1' })).toEqual([
      'no schema for apps/v1beta1 Deployment',
    ]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'no schema for example.com/v1 Widget',
    ]);
  });
});
