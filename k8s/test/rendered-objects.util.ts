import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

import type { KubeObject } from './kustomization.renderer';

/** The one object of `kind` named `name`, typed as its kubernetes-models interface; throws when absent. */
export function findObject<T>(objects: KubeObject[], kind: string, name: string): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as unknown as T;
}

/** Every object of `kind`, typed as its kubernetes-models interface. */
export function objectsOfKind<T>(objects: KubeObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as unknown as T[];
}

/** The pod spec of a Deployment or StatefulSet. */
export function podSpecOf(workload: KubeObject | { spec?: { template: { spec?: IPodSpec } } }): IPodSpec {
  const spec = (workload as { spec?: { template?: { spec?: IPodSpec } } }).spec?.template?.spec;
  if (spec === undefined) throw new Error('workload without a pod template spec');
  return spec;
}

/** Resolves a probe's or Service's named port to the container port number. */
export function resolvePort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Decodes a rendered Secret's `data` (and `stringData`) into plain strings. */
export function secretValues(secret: KubeObject): Record<string, string> {
  const data = (secret.data ?? {}) as Record<string, string>;
  const decoded = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
  return { ...decoded, ...((secret.stringData ?? {}) as Record<string, string>) };
}
