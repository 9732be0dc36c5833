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
 */
export function evaluateSkipRule(rule: unknown, data: StepConditionData): StepConditionResult {
  if (rule === undefined || rule === null) return { skip: false };
  if (typeof rule === 'boolean') return rule ? { skip: true, reason: 'Step skipped: its skip condition is true' } : { skip: false };
  if (typeof rule !== 'object' || Array.isArray(rule) || Object.keys(rule).length === 0) return { skip: false };
  try {
    const outcome: unknown = jsonLogic.apply(rule as jsonLogic.RulesLogic, data);
    return jsonLogic.truthy(outcome) ? { skip: true, reason: 'Step skipped: its skip condition is true' } : { skip: false };
  } catch (error) {
    return { skip: true, reason: `Step skipped: its skip condition could not be evaluated (${error instanceof Error ? error.message : String(error)})` };
  }
}
