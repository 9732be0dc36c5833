import { StoredStep, WorkflowRecord } from './workflow-definition';
import type { StepResponse, WorkflowListItem, WorkflowResponse } from './workflow-response.schema';
import { stepSlug } from './workflow-slug';

/** Workflows created through the API, as Novu labels them. */
const ORIGIN = 'novu-cloud' as const;

/** Novu's `StepResponseDto` (`id` and `_id` both: the v2 SDK reads `id`). */
export function toStepResponse(record: WorkflowRecord, step: StoredStep): StepResponse {
  return {
    _id: step._id,
    id: step._id,
    stepId: step.stepId,
    name: step.name,
    slug: stepSlug(step.name, step._id),
    type: step.type,
    active: step.active,
    origin: ORIGIN,
    workflowId: record.identifier,
    workflowDatabaseId: record.id,
    controlValues: step.controlValues,
    controls: { values: step.controlValues },
    variables: {},
  };
}

/** Novu's `WorkflowResponseDto` (plus Herald's `version`, `critical` and step `active`). */
export function toWorkflowResponse(record: WorkflowRecord): WorkflowResponse {
  const { definition } = record;
  return {
    _id: record.id,
    workflowId: record.identifier,
    slug: record.slug,
    name: definition.name,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    tags: definition.tags,
    active: definition.active,
    critical: definition.critical,
    severity: definition.severity,
    status: definition.active ? 'ACTIVE' : 'INACTIVE',
    origin: ORIGIN,
    isTranslationEnabled: definition.isTranslationEnabled,
    validatePayload: definition.validatePayload,
    payloadSchema: definition.payloadSchema,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    steps: definition.steps.map((step) => toStepResponse(record, step)),
    preferences: { user: definition.preferences.user, default: definition.preferences.workflow },
  };
}

/** Novu's `WorkflowListResponseDto`: the summary a list shows. */
export function toWorkflowListItem(record: WorkflowRecord): WorkflowListItem {
  const { definition } = record;
  return {
    _id: record.id,
    workflowId: record.identifier,
    slug: record.slug,
    name: definition.name,
    tags: definition.tags,
    active: definition.active,
    status: definition.active ? 'ACTIVE' : 'INACTIVE',
    origin: ORIGIN,
    isTranslationEnabled: definition.isTranslationEnabled,
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    stepTypeOverviews: [...new Set(definition.steps.map((step) => step.type))],
    steps: definition.steps.map((step) => ({ slug: stepSlug(step.name, step._id), type: step.type })),
  };
}
