import { randomUUID } from 'node:crypto';

import { workflowSnapshotSchema } from '@herald/contracts';
import { z } from 'zod';

import { FieldErrors, toFieldErrors } from '../../core/errors/field-errors';
import { GatewayException } from '../../core/errors/gateway.exception';
import { DEFAULT_PREFERENCES, StoredStep, toSnapshot, WorkflowDefinition } from './workflow-definition';
import type {
  CreateWorkflowBody,
  PatchWorkflowBody,
  UpdateWorkflowBody,
  WorkflowStepRequest,
} from './workflow-request.schema';
import { defaultStepId } from './workflow-slug';

function buildSteps(steps: WorkflowStepRequest[], previous: readonly StoredStep[]): StoredStep[] {
  const previousIds = new Map(previous.map((step) => [step.stepId, step._id]));
  const errors: FieldErrors = {};
  const seen = new Map<string, number>();
  const built = steps.map((step, index) => {
    const stepId = step.stepId ?? defaultStepId(step.name, index);
    const first = seen.get(stepId);
    if (first !== undefined) {
      errors[`steps[${index}].stepId`] = {
        messages: [`duplicates the stepId of steps[${first}] ("${stepId}"); give each step a unique stepId`],
        value: stepId,
      };
    }
    seen.set(stepId, index);
    return {
      _id: previousIds.get(stepId) ?? randomUUID(),
      stepId,
      name: step.name,
      type: step.type,
      active: step.active,
      controlValues: step.controlValues as StoredStep['controlValues'],
    };
  });
  if (Object.keys(errors).length > 0) throw GatewayException.requestValidation(errors);
  return built;
}

/** Fails with a 422 when the definition would not make a valid trigger.requested.v1 snapshot. */
export function assertSnapshotValid(id: string, identifier: string, definition: WorkflowDefinition): void {
  const result = workflowSnapshotSchema.safeParse(toSnapshot({ id, identifier, version: 1, definition }));
  if (result.success) return;
  const renamed = result.error.issues.map((issue) => ({
    ...issue,
    path: issue.path[0] === 'identifier' ? ['workflowId', ...issue.path.slice(1)] : issue.path,
  }));
  throw GatewayException.requestValidation(toFieldErrors(new z.ZodError(renamed), undefined));
}

/**
 * The stored definition for a create or full update. Step `_id`s are kept for steps whose `stepId`
 * already existed, so clients (and Novu's step routes) see stable ids across versions.
 */
export function buildDefinition(
  body: CreateWorkflowBody | UpdateWorkflowBody,
  previous?: WorkflowDefinition,
): WorkflowDefinition {
  const payloadSchema = body.payloadSchema !== undefined ? body.payloadSchema : (previous?.payloadSchema ?? null);
  return {
    name: body.name,
    description: body.description ?? previous?.description,
    tags: body.tags ?? previous?.tags ?? [],
    active: body.active ?? previous?.active ?? true,
    critical: body.critical ?? previous?.critical ?? false,
    severity: body.severity ?? previous?.severity ?? 'none',
    isTranslationEnabled: body.isTranslationEnabled ?? previous?.isTranslationEnabled ?? false,
    validatePayload: body.validatePayload ?? previous?.validatePayload ?? payloadSchema !== null,
    payloadSchema,
    steps: buildSteps(body.steps, previous?.steps ?? []),
    preferences: {
      user: body.preferences?.user !== undefined ? body.preferences.user : (previous?.preferences.user ?? null),
      workflow: body.preferences?.workflow ?? previous?.preferences.workflow ?? DEFAULT_PREFERENCES,
    },
  };
}

/** A PATCH changes top-level fields only; steps and preferences stay as they are. */
export function applyPatch(previous: WorkflowDefinition, patch: PatchWorkflowBody): WorkflowDefinition {
  const next: WorkflowDefinition = { ...previous };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.tags !== undefined) next.tags = patch.tags;
  if (patch.active !== undefined) next.active = patch.active;
  if (patch.critical !== undefined) next.critical = patch.critical;
  if (patch.severity !== undefined) next.severity = patch.severity;
  if (patch.isTranslationEnabled !== undefined) next.isTranslationEnabled = patch.isTranslationEnabled;
  if (patch.payloadSchema !== undefined) next.payloadSchema = patch.payloadSchema;
  if (patch.validatePayload !== undefined) next.validatePayload = patch.validatePayload;
  return next;
}
