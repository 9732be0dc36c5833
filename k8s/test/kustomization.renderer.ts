import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import { z } from 'zod';

/** A parsed Kubernetes object: type meta, metadata, and whatever its kind carries. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

// The subset of kustomize this renderer implements. `.strict()` everywhere: a kustomization
// that uses anything else fails loudly instead of rendering something kustomize would not.
const image = z
  .object({
    name: z.string(),
    newName: z.string().optional(),
    newTag: z.string().optional(),
    digest: z.string().optional(),
  })
  .strict();
const labels = z
  .object({
    pairs: z.record(z.string()),
    // Selectors are immutable on Deployments; adding labels to them breaks upgrades.
    includeSelectors: z.literal(false).optional(),
    includeTemplates: z.boolean().optional(),
  })
  .strict();
const generator = z
  .object({
    name: z.string(),
    behavior: z.enum(['create', 'merge', 'replace']).optional(),
    literals: z.array(z.string()).default([]),
    // KEY=value files beside the kustomization (generated secrets that are never committed).
    envs: z.array(z.string()).default([]),
    type: z.string().optional(),
  })
  .strict();
const patch = z
  .object({
    target: z.object({ kind: z.string().optional(), name: z.string().optional() }).strict(),
    patch: z.string(),
  })
  .strict();
const kustomizationSchema = z
  .object({
    apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
    kind: z.literal('Kustomization'),
    resources: z.array(z.string()).default([]),
    namespace: z.string().optional(),
    labels: z.array(labels).default([]),
    images: z.array(image).default([]),
    configMapGenerator: z.array(generator).default([]),
    secretGenerator: z.array(generator).default([]),
    // Name-suffix hashing is not implemented, so generators must switch it off.
    generatorOptions: z
      .object({ disableNameSuffixHash: z.literal(true) })
      .strict()
      .optional(),
    patches: z.array(patch).default([]),
  })
  .strict()
  .refine(
    (k) => k.generatorOptions !== undefined || (k.configMapGenerator.length === 0 && k.secretGenerator.length === 0),
    {
      message: 'generators need generatorOptions.disableNameSuffixHash: true (hashed names are not supported)',
    },
  );
type Kustomization = z.infer<typeof kustomizationSchema>;

const jsonPatchOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: z.string(), value: z.unknown() }).strict(),
  z.object({ op: z.literal('replace'), path: z.string(), value: z.unknown() }).strict(),
  z.object({ op: z.literal('remove'), path: z.string() }).strict(),
]);
type JsonPatchOp = z.infer<typeof jsonPatchOp>;

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
]);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/**
 * Parses a (multi-document) manifest file. YAML 1.1 rules on purpose — that is how kubectl's and
 * docker-compose's parsers read `on`, `yes`, `0755` or `1:30` — so an unquoted ambiguous value
 * shows up as the wrong type in schema validation instead of surprising us in a cluster.
 */
export function loadManifests(file: string): KubeObject[] {
  const documents = loadAll(readFileSync(file, 'utf8'), { schema: YAML11_SCHEMA, filename: file });
  return documents.filter((doc) => doc !== null).map((doc) => asKubeObject(doc, file));
}

/**
 * Renders `dir/kustomization.yaml` the way `kubectl kustomize dir` would, for the subset of
 * kustomize described by `kustomizationSchema`: resources (files and kustomization directories),
 * generators (literals; create/merge/replace; no name hashing), JSON 6902 patches with a
 * kind/name target, namespace, labels (never on selectors) and images — applied in that order,
 * as kustomize does. Needs no kustomize binary and no cluster.
 */
export function renderKustomization(dir: string, options: RenderOptions = {}): KubeObject[] {
  const file = join(dir, 'kustomization.yaml');
  const parsed = kustomizationSchema.safeParse(loadAll(readFileSync(file, 'utf8'), { schema: YAML11_SCHEMA })[0]);
  if (!parsed.success) throw new Error(`${file}: unsupported or invalid kustomization: ${parsed.error.message}`);
  const kustomization = parsed.data;

  const objects = kustomization.resources.flatMap((entry) => {
    const target = resolve(dir, entry);
    return statSync(target).isDirectory() ? renderKustomization(target, options) : loadManifests(target);
  });
  applyGenerators(objects, kustomization, file, (envFile) =>
    (options.readEnvFile ?? readEnvFile)(resolve(dir, envFile)),
  );
  for (const { target, patch: text } of kustomization.patches) {
    const ops = z.array(jsonPatchOp).parse(loadAll(text, { schema: YAML11_SCHEMA })[0]);
    const matches = objects.filter((o) => matchesTarget(o, target));
    if (matches.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(target)} matches nothing`);
    for (const object of matches) for (const op of ops) applyJsonPatch(object, op);
  }
  for (const object of objects) {
    if (kustomization.namespace !== undefined && !CLUSTER_SCOPED_KINDS.has(object.kind))
      object.metadata.namespace = kustomization.namespace;
    for (const { pairs, includeTemplates } of kustomization.labels) addLabels(object, pairs, includeTemplates ?? false);
    for (const rule of kustomization.images) setImages(object, rule);
  }
  assertUniqueIds(objects, file);
  return objects;
}

/** How to render. */
export interface RenderOptions {
  /** Reads a generator's `envs` file (absolute path); the default reads the file, failing with how to create it. */
  readEnvFile?: (path: string) => string;
}

function readEnvFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: generate it with tools/dev/generate-env.sh ${path} --dev-api-key`);
  }
}

/** `kind/namespace/name`: what kustomize and the API server treat as one object's identity. */
export function objectId(object: KubeObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function asKubeObject(doc: unknown, source: string): KubeObject {
  const candidate = doc as Partial<KubeObject> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.apiVersion !== 'string' ||
    typeof candidate.kind !== 'string'
  ) {
    throw new Error(`${source}: a document without apiVersion/kind`);
  }
  if (typeof candidate.metadata?.name !== 'string')
    throw new Error(`${source}: a ${candidate.kind} without metadata.name`);
  return candidate as KubeObject;
}

function applyGenerators(
  objects: KubeObject[],
  kustomization: Kustomization,
  file: string,
  readEnv: (envFile: string) => string,
): void {
  // kustomize reads `envs` files as KEY=value lines, skipping blank lines and # comments.
  const entries = (g: { literals: string[]; envs: string[] }) => [
    ...g.literals,
    ...g.envs.flatMap((envFile) =>
      readEnv(envFile)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#')),
    ),
  ];
  const generated = [
    ...kustomization.configMapGenerator.map((g) => ({
      g,
      kind: 'ConfigMap',
      data: literalsToData(entries(g), file, false),
    })),
    ...kustomization.secretGenerator.map((g) => ({ g, kind: 'Secret', data: literalsToData(entries(g), file, true) })),
  ];
  for (const { g, kind, data } of generated) {
    const index = objects.findIndex((o) => o.kind === kind && o.metadata.name === g.name);
    const behavior = g.behavior ?? 'create';
    if (behavior === 'create') {
      if (index >= 0) throw new Error(`${file}: ${kind} ${g.name} already exists; use behavior: merge or replace`);
      const object: KubeObject = { apiVersion: 'v1', kind, metadata: { name: g.name }, data };
      if (kind === 'Secret') object.type = g.type ?? 'Opaque';
      objects.push(object);
      continue;
    }
    if (index < 0) throw new Error(`${file}: behavior ${behavior} needs an existing ${kind} ${g.name}`);
    const existing = objects[index];
    existing.data = behavior === 'merge' ? { ...(existing.data as Record<string, string> | undefined), ...data } : data;
  }
}

function literalsToData(literals: string[], file: string, base64: boolean): Record<string, string> {
  const data: Record<string, string> = {};
  for (const literal of literals) {
    const at = literal.indexOf('=');
    if (at <= 0) throw new Error(`${file}: literal "${literal}" is not KEY=value`);
    const value = literal.slice(at + 1);
    data[literal.slice(0, at)] = base64 ? kustomizeBase64(value) : value;
  }
  return data;
}

/** Base64 as kustomize writes Secret data: 70-character lines, each ending in a newline once there is more than one. */
function kustomizeBase64(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  if (encoded.length < 70) return encoded;
  return (encoded.match(/.{1,70}/g) ?? []).map((line) => `${line}\n`).join('');
}

function matchesTarget(object: KubeObject, target: { kind?: string; name?: string }): boolean {
  // kustomize matches target fields as anchored regular expressions.
  const matches = (pattern: string | undefined, value: string) =>
    pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value);
  return matches(target.kind, object.kind) && matches(target.name, object.metadata.name);
}

function applyJsonPatch(object: KubeObject, op: JsonPatchOp): void {
  const segments = op.path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments.pop();
  if (last === undefined) throw new Error(`patch path "${op.path}" must not be the document root`);
  let parent: unknown = object;
  for (const segment of segments) {
    parent = (parent as Record<string, unknown> | undefined)?.[segment];
    if (typeof parent !== 'object' || parent === null)
      throw new Error(`patch path "${op.path}" does not exist in ${objectId(object)}`);
  }
  if (Array.isArray(parent)) {
    const list: unknown[] = parent;
    const index = last === '-' ? list.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > list.length)
      throw new Error(`patch path "${op.path}": bad array index`);
    if (op.op === 'add') list.splice(index, 0, op.value);
    else if (index === list.length) throw new Error(`patch path "${op.path}" does not exist in ${objectId(object)}`);
    else if (op.op === 'replace') list[index] = op.value;
    else list.splice(index, 1);
    return;
  }
  const record = parent as Record<string, unknown>;
  if (op.op !== 'add' && !(last in record))
    throw new Error(`patch path "${op.path}" does not exist in ${objectId(object)}`);
  if (op.op === 'remove') delete record[last];
  else record[last] = op.value;
}

function addLabels(object: KubeObject, pairs: Record<string, string>, includeTemplates: boolean): void {
  object.metadata.labels = { ...object.metadata.labels, ...pairs };
  if (!includeTemplates || !POD_TEMPLATE_KINDS.has(object.kind)) return;
  const template = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)
    ?.template;
  if (template === undefined) return;
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...pairs } };
}

interface Container {
  image?: string;
}

function setImages(object: KubeObject, rule: z.infer<typeof image>): void {
  const spec = object.spec as ({ template?: { spec?: PodSpec } } & PodSpec) | undefined;
  const podSpecs = [spec?.template?.spec, object.kind === 'Pod' ? spec : undefined];
  for (const podSpec of podSpecs) {
    for (const container of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
      if (container.image === undefined) continue;
      const current = splitImage(container.image);
      if (current.name !== rule.name) continue;
      const name = rule.newName ?? current.name;
      if (rule.digest !== undefined) container.image = `${name}@${rule.digest}`;
      else if (rule.newTag !== undefined) container.image = `${name}:${rule.newTag}`;
      else
        container.image = `${name}${current.digest !== undefined ? `@${current.digest}` : current.tag !== undefined ? `:${current.tag}` : ''}`;
    }
  }
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}

/** `registry:5000/name:tag@digest` → parts; a colon before the last slash is a registry port. */
function splitImage(reference: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = reference.split('@', 2);
  const colon = withTag.lastIndexOf(':');
  if (colon > withTag.lastIndexOf('/')) return { name: withTag.slice(0, colon), tag: withTag.slice(colon + 1), digest };
  return { name: withTag, digest };
}

function assertUniqueIds(objects: KubeObject[], file: string): void {
  const seen = new Set<string>();
  for (const object of objects) {
    const id = objectId(object);
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
}
