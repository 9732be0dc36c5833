import { checkSkipRule, describeSkipRuleProblem } from '@herald/contracts';
import jsonLogic from 'json-logic-js';

/** What a step's `skip` rule is evaluated against (Novu's variables). */
export interface StepConditionData {
  payload: Record<string, unknown>;
  subscriber: Record<string, unknown>;
  tenant?: Record<string, unknown>;
  actor?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** Whether the step runs, or why not. */
export type StepConditionResult = { skip: false } | { skip: true; reason: string };

/**
 * Evaluates Novu's `controlValues.skip` (a JSON Logic rule) with json-logic-js. A true rule skips
 * the step; a rule that cannot be evaluated also skips it, with the error as the reason, rather
 * than delivering something the workflow author meant to filter.
 *
 * The budget: the rule is first held to the limits the gateway checks at save (`checkSkipRule`:
 * allowed operators, nodes, depth), because a rule saved before them or published past the gateway
 * reaches the worker all the same. An allowed rule applies each operator once and builds nothing
 * larger than its inputs, so it runs at most `SKIP_RULE_LIMITS.maxNodes` operations; any other is
 * not run and its step is skipped with the reason (decision 0029).
 */
export function evaluateSkipRule(rule: unknown, data: StepConditionData): StepConditionResult {
  if (rule === undefined || rule === null) return { skip: false };
  if (typeof rule === 'boolean')
    return rule ? { skip: true, reason: 'Step skipped: its skip condition is true' } : { skip: false };
  if (typeof rule !== 'object' || Array.isArray(rule) || Object.keys(rule).length === 0) return { skip: false };
  const problem = checkSkipRule(rule);
  if (problem) {
    const reason = `Step skipped: its skip rule exceeded its budget (${describeSkipRuleProblem(problem)})`;
    return { skip: true, reason };
  }
  try {
    const outcome: unknown = jsonLogic.apply(rule as jsonLogic.RulesLogic, data);
    return jsonLogic.truthy(outcome)
      ? { skip: true, reason: 'Step skipped: its skip condition is true' }
      : { skip: false };
  } catch (error) {
    return {
      skip: true,
      reason: `Step skipped: its skip condition could not be evaluated (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
