import { delayControlValuesSchema, digestControlValuesSchema, throttleControlValuesSchema, type WorkflowSnapshot, type WorkflowStep } from '@herald/contracts';
import { resolveChannelPreference, type SubscriberPreference } from '../../steps/channel/channel-preference';
import { computeDelaySchedule } from '../../steps/delay/delay-schedule';
import { computeDigestPlan, type DigestPlan } from '../../steps/digest/digest-plan';
import { evaluateSkipRule, type StepConditionData } from './step-condition';
import { computeThrottlePlan, type ThrottlePlan } from '../../steps/throttle/throttle-plan';

/** What happens to a PENDING job when the chain reaches it. */
export type StartDecision =
  | { kind: 'dispatch' }
  | { kind: 'cancel'; reason: string }
  | { kind: 'delay'; runAt: Date; detail: string }
  | { kind: 'digest'; plan: Extract<DigestPlan, { ok: true }> }
  | { kind: 'throttle'; plan: Extract<ThrottlePlan, { ok: true }> };

/** Everything the decision looks at. */
export interface StartInputs {
  workflow: Pick<WorkflowSnapshot, 'id' | 'critical' | 'preferences'>;
  step: WorkflowStep;
  /** The subscriber as templates see it; undefined when it was deleted meanwhile. */
  subscriber: (Record<string, unknown> & { timezone: string | null }) | undefined;
  preferences: readonly SubscriberPreference[];
  payload: Record<string, unknown>;
  overrides: Record<string, unknown>;
  tenant?: Record<string, unknown>;
  actor?: Record<string, unknown>;
  context?: Record<string, unknown>;
  now: Date;
}

/**
 * Decides a job's fate as the chain reaches it: the step condition first (a true `skip` rule
 * cancels it), then per step type — a channel step needs its subscriber and the preferences to
 * allow the channel; a delay, digest or throttle step needs a computable window.
 */
export function decideStart(inputs: StartInputs): StartDecision {
  const { step, subscriber } = inputs;
  if (!subscriber) return { kind: 'cancel', reason: 'Subscriber no longer exists' };
  const conditionData: StepConditionData = { payload: inputs.payload, subscriber, tenant: inputs.tenant, actor: inputs.actor, context: inputs.context };
  const condition = evaluateSkipRule(step.controlValues.skip, conditionData);
  if (condition.skip) return { kind: 'cancel', reason: condition.reason };

  switch (step.type) {
    case 'delay': {
      const controls = delayControlValuesSchema.safeParse(step.controlValues);
      if (!controls.success) return { kind: 'cancel', reason: `Delay canceled: ${controls.error.issues[0]?.message ?? 'invalid controls'}` };
      const schedule = computeDelaySchedule({ controls: controls.data, payload: inputs.payload, overrides: inputs.overrides, timezone: subscriber.timezone, now: inputs.now });
      return schedule.ok ? { kind: 'delay', runAt: schedule.runAt, detail: schedule.detail } : { kind: 'cancel', reason: schedule.reason };
    }
    case 'digest': {
      const controls = digestControlValuesSchema.safeParse(step.controlValues);
      if (!controls.success) return { kind: 'cancel', reason: `Digest canceled: ${controls.error.issues[0]?.message ?? 'invalid controls'}` };
      const plan = computeDigestPlan(controls.data, inputs.payload, subscriber.timezone, inputs.now);
      return plan.ok ? { kind: 'digest', plan } : { kind: 'cancel', reason: plan.reason };
    }
    case 'throttle': {
      const controls = throttleControlValuesSchema.safeParse(step.controlValues);
      if (!controls.success) {
        const issue = controls.error.issues[0];
        return { kind: 'cancel', reason: `Throttle canceled: ${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : 'invalid controls'}` };
      }
      const plan = computeThrottlePlan(controls.data, inputs.payload, inputs.now);
      return plan.ok ? { kind: 'throttle', plan } : { kind: 'cancel', reason: plan.reason };
    }
    default: {
      const preference = resolveChannelPreference(inputs.workflow, step.type, inputs.preferences);
      return preference.allowed ? { kind: 'dispatch' } : { kind: 'cancel', reason: preference.reason };
    }
  }
}
