import type { StepCanceled, StepKind, StepPlanInputs } from '../../steps/step-kind';
import { evaluateSkipRule, type StepConditionData } from './step-condition';

/** Everything the decision looks at. */
export interface StartInputs extends Omit<StepPlanInputs, 'subscriber'> {
  /** The subscriber as templates see it; undefined when it was deleted meanwhile. */
  subscriber: StepPlanInputs['subscriber'] | undefined;
  tenant?: Record<string, unknown>;
  actor?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/**
 * Decides a job's fate as the chain reaches it: its subscriber must still exist and its step
 * condition must not skip it (a true `skip` rule cancels it); then its step kind plans it —
 * a channel step needs the preferences to allow the channel, a delay, digest or throttle step
 * a computable window — or gives the reason it is canceled.
 */
export function decideStart<P extends { ok: true }>(
  inputs: StartInputs,
  kind: Pick<StepKind<P>, 'plan'>,
): P | StepCanceled {
  const { subscriber } = inputs;
  if (!subscriber) return { ok: false, reason: 'Subscriber no longer exists' };
  const conditionData: StepConditionData = {
    payload: inputs.payload,
    subscriber,
    tenant: inputs.tenant,
    actor: inputs.actor,
    context: inputs.context,
  };
  const condition = evaluateSkipRule(inputs.step.controlValues.skip, conditionData);
  if (condition.skip) return { ok: false, reason: condition.reason };
  return kind.plan({ ...inputs, subscriber });
}
