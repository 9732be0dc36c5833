import { type DeliveryChannel, isDeliveryChannel, type WorkflowSnapshot } from '@herald/contracts';

import type { StepCanceled, StepPlanInputs } from '../step-kind';

/** A subscriber's stored preference: global (`workflowId` '') or for one workflow. */
export interface SubscriberPreference {
  workflowId: string;
  /** False = every channel of this scope off. */
  enabled: boolean;
  /** Per-channel switches; a channel absent here is not set at this scope. */
  channels: Partial<Record<DeliveryChannel, boolean>>;
}

/** Whether a channel step may deliver, and if not, the reason for the activity feed. */
export type PreferenceResult = { allowed: true } | { allowed: false; reason: string };

/**
 * Resolves whether `channel` is on for a subscriber: a critical workflow always delivers; a
 * read-only workflow ignores subscriber choices; otherwise the subscriber's per-workflow choice
 * wins over their global one, which wins over the workflow's default.
 */
export function resolveChannelPreference(
  workflow: Pick<WorkflowSnapshot, 'id' | 'critical' | 'preferences'>,
  channel: DeliveryChannel,
  preferences: readonly SubscriberPreference[],
): PreferenceResult {
  if (workflow.critical) return { allowed: true };
  const workflowDefault = workflow.preferences.channels[channel]?.enabled ?? workflow.preferences.all.enabled;
  if (workflow.preferences.all.readOnly) {
    return workflowDefault
      ? { allowed: true }
      : { allowed: false, reason: `Channel ${channel} is disabled by the workflow's preferences` };
  }
  for (const [scope, label] of [
    [workflow.id, 'workflow'],
    ['', 'global'],
  ] as const) {
    const preference = preferences.find((candidate) => candidate.workflowId === scope);
    if (!preference) continue;
    if (!preference.enabled)
      return {
        allowed: false,
        reason: `Subscriber turned off this ${label === 'workflow' ? 'workflow' : 'everything'} (${label} preference)`,
      };
    const choice = preference.channels[channel];
    if (choice !== undefined) {
      return choice
        ? { allowed: true }
        : { allowed: false, reason: `Subscriber turned off ${channel} (${label} preference)` };
    }
  }
  return workflowDefault
    ? { allowed: true }
    : { allowed: false, reason: `Channel ${channel} is disabled by the workflow's preferences` };
}

/** A channel step runs when the subscriber's and the workflow's preferences allow its channel. */
export function planChannelStep({ workflow, step, preferences }: StepPlanInputs): { ok: true } | StepCanceled {
  if (!isDeliveryChannel(step.type)) throw new Error(`step ${step.stepId} is not a channel step`);
  const preference = resolveChannelPreference(workflow, step.type, preferences);
  return preference.allowed ? { ok: true } : { ok: false, reason: preference.reason };
}
