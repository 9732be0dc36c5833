import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';

import type { KubeObject } from './kustomization.renderer';
import { findUnknownFields } from './unknown-fields.validator';

// Every kind Herald ships, by `apiVersion/kind`. A manifest of any other kind fails validation,
// so adding one means adding its schema here.
const MODELS: Record<string, { prototype: { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/**
 * Validates one manifest against the Kubernetes OpenAPI schema of its kind (kubernetes-models)
 * and, strictly, for fields that schema does not declare. Returns the problems; empty when valid.
 */
export function validateManifest(original: KubeObject): string[] {
  const manifest = withoutBase64LineBreaks(original);
  const model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (model === undefined) return [`no schema for ${manifest.apiVersion} ${manifest.kind}`];
  // The model's own validate(), run on the manifest itself rather than on `new Model(manifest)`:
  // same schema, but apiVersion and kind must be right in the file instead of being filled in.
  const validate = (data: unknown) => model.prototype.validate.call(data);
  const problems: string[] = [];
  try {
    validate(manifest);
  } catch (error) {
    problems.push(`schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const field of findUnknownFields(manifest, validate)) problems.push(`unknown field: ${field}`);
  return problems;
}

/**
 * kustomize wraps long Secret data at 70 characters; the API server's base64 decoder skips the
 * newlines, but the schema's `byte` format does not, so they are dropped before validation.
 */
function withoutBase64LineBreaks(manifest: KubeObject): KubeObject {
  if (manifest.kind !== 'Secret' || typeof manifest.data !== 'object' || manifest.data === null) return manifest;
  const entries = Object.entries(manifest.data as Record<string, string>);
  const data = Object.fromEntries(entries.map(([key, value]) => [key, value.replace(/\n/g, '')]));
  return { ...manifest, data };
}
