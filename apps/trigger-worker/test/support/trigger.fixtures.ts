import { randomUUID } from 'node:crypto';

import {
  buildTriggerRequestedFixture,
  buildWorkflowSnapshotFixture,
  type TriggerRequestedData,
  type WorkflowStep,
} from '@herald/contracts';

/** An environment of the suite's own (organization + environment ids). */
export interface TestTenant {
  organizationId: string;
  environmentId: string;
}

/** A fresh organization + environment. */
export function newTenant(): TestTenant {
  return { organizationId: randomUUID(), environmentId: randomUUID() };
}

/** Shorthands for workflow steps. */
export const steps = {
  email: (stepId = 'email', controlValues: Record<string, unknown> = {}): WorkflowStep => ({
    stepId,
    name: stepId,
    type: 'email',
    active: true,
    controlValues: { subject: 'Hi', body: 'Hello {{payload.name}}', ...controlValues },
  }),
  inApp: (stepId = 'in-app', controlValues: Record<string, unknown> = {}): WorkflowStep => ({
    stepId,
    name: stepId,
    type: 'in_app',
    active: true,
    controlValues: { body: 'Hello', ...controlValues },
  }),
  sms: (stepId = 'sms', controlValues: Record<string, unknown> = {}): WorkflowStep => ({
    stepId,
    name: stepId,
    type: 'sms',
    active: true,
    controlValues: { body: 'Hello', ...controlValues },
  }),
  delay: (amount: number, unit: 'seconds' | 'minutes' = 'seconds', stepId = 'delay'): WorkflowStep => ({
    stepId,
    name: stepId,
    type: 'delay',
    active: true,
    controlValues: { type: 'regular', amount, unit },
  }),
  digest: (controlValues: Record<string, unknown>, stepId = 'digest'): WorkflowStep => ({
    stepId,
    name: stepId,
    type: 'digest',
    active: true,
    controlValues: { amount: 2, unit: 'seconds', ...controlValues } as never,
  }),
};

/** A trigger of `tenant` for `workflowSteps` to the given subscriberIds (new transactionId each call). */
export function triggerFor(
  tenant: TestTenant,
  workflowSteps: WorkflowStep[],
  subscriberIds: string[],
  overrides: Partial<TriggerRequestedData> = {},
): TriggerRequestedData {
  return buildTriggerRequestedFixture({
    ...tenant,
    workflow: buildWorkflowSnapshotFixture({
      id: overrides.workflow?.id ?? `wf-${workflowSteps.map((s) => s.stepId).join('-')}`,
      steps: workflowSteps,
    }),
    to: subscriberIds.map((subscriberId) => ({ type: 'Subscriber' as const, subscriberId })),
    payload: { name: 'Ada' },
    ...overrides,
  });
}

/** What a step kind's planner gets for one job: a `type` step with `controlValues`, at `now`. */
export function stepPlanInputs(type: WorkflowStep['type'], controlValues: Record<string, unknown>, now: Date) {
  const step: WorkflowStep = { stepId: type.charAt(0), name: type.charAt(0), type, active: true, controlValues };
  return {
    workflow: buildWorkflowSnapshotFixture(),
    step,
    subscriber: { timezone: null },
    preferences: [],
    payload: { key: 'k1' },
    overrides: {},
    now,
  };
}
