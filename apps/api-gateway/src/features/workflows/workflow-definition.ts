import { JsonRecord, WorkflowPreferences, WorkflowSnapshot } from '@herald/contracts';

import { canonicalJson } from '../../core/json/canonical-json';
import type { WorkflowStepType } from './step-controls.schemas';
import type { PreferenceDoc } from './workflow-request.schema';

/** One step as stored in a version. `_id` is stable across versions (matched by `stepId`). */
export interface StoredStep {
  _id: string;
  stepId: string;
  name: string;
  type: WorkflowStepType;
  active: boolean;
  controlValues: JsonRecord;
}

/** Everything a workflow version says, stored as one jsonb document per version. */
export interface WorkflowDefinition {
  name: string;
  description?: string;
  tags: string[];
  active: boolean;
  critical: boolean;
  severity: 'high' | 'medium' | 'low' | 'none';
  isTranslationEnabled: boolean;
  validatePayload: boolean;
  payloadSchema: JsonRecord | null;
  steps: StoredStep[];
  preferences: { user: PreferenceDoc | null; workflow: PreferenceDoc };
}

/** A live workflow at its current version. */
export interface WorkflowRecord {
  id: string;
  environmentId: string;
  identifier: string;
  slug: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  definition: WorkflowDefinition;
}

/** Novu's defaults: every channel on, subscribers may opt out. */
export const DEFAULT_PREFERENCES: PreferenceDoc = {
  all: { enabled: true, readOnly: false },
  channels: {
    email: { enabled: true },
    sms: { enabled: true },
    push: { enabled: true },
    chat: { enabled: true },
    in_app: { enabled: true },
  },
};

/** A write makes a new version only when the definition really changed (a no-op PUT/PATCH does not). */
export function nextVersion(current: number, previous: WorkflowDefinition, next: WorkflowDefinition): number {
  return canonicalJson(previous) === canonicalJson(next) ? current : current + 1;
}

/** The preferences a trigger applies: the user override when set, else the workflow's own. */
export function resolvePreferences(preferences: WorkflowDefinition['preferences']): WorkflowPreferences {
  const doc = preferences.user ?? preferences.workflow;
  return { all: { ...doc.all }, channels: { ...doc.channels } };
}

/**
 * The workflow by value, as trigger.requested.v1 carries it. Built from a definition that was
 * validated against `workflowSnapshotSchema` when it was written.
 */
export function toSnapshot(
  record: Pick<WorkflowRecord, 'id' | 'identifier' | 'version' | 'definition'>,
): WorkflowSnapshot {
  const { definition } = record;
  return {
    id: record.id,
    identifier: record.identifier,
    version: record.version,
    name: definition.name,
    active: definition.active,
    critical: definition.critical,
    steps: definition.steps.map(({ stepId, name, type, active, controlValues }) => ({
      stepId,
      name,
      type,
      active,
      controlValues,
    })) as WorkflowSnapshot['steps'],
    preferences: resolvePreferences(definition.preferences),
  };
}
