/**
 * Bounds of a step's `skip` rule (JSON Logic). The gateway refuses a rule outside them at save and
 * trigger-worker checks every rule with the same function before evaluating it, so a rule that
 * slipped through is skipped with a reason instead of being run (docs/decisions/0029).
 */
export const SKIP_RULE_LIMITS = {
  /** JSON values in the rule: every operator object, array, string, number, boolean and null. */
  maxNodes: 200,
  /** Nesting of objects and arrays. */
  maxDepth: 24,
  /** Characters of one string in the rule (a `var` path or a literal). */
  maxStringLength: 1000,
} as const;

/**
 * The JSON Logic operators a skip rule may use: those Novu's conditions editor writes for
 * json-logic-js (`==`, `!=`, `<`…`>=` incl. "between", `in`, `!`, `and`, `or`, `var`) and the other
 * json-logic-js operators whose result is never larger than their inputs. Each is applied once per
 * node, so evaluating an allowed rule takes at most `maxNodes` operator applications.
 */
export const SKIP_RULE_OPERATORS: ReadonlySet<string> = new Set([
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'and',
  'or',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'substr',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
]);

/** Why json-logic-js operators outside the allow-list are refused. */
const REFUSED_BECAUSE: Readonly<Record<string, string>> = {
  map: 'it builds an array from an array',
  filter: 'it builds an array from an array',
  reduce: 'it runs a rule once per array element',
  merge: 'it builds an array from arrays',
  all: 'it runs a rule once per array element',
  some: 'it runs a rule once per array element',
  none: 'it runs a rule once per array element',
  cat: 'it builds a string from strings',
  log: 'it writes to the worker log',
  method: 'it calls methods of the data',
};

/** Why a skip rule is refused: the location inside the rule (`and[1]`) and what is wrong there. */
export interface SkipRuleProblem {
  at: string;
  message: string;
}

type Frame = { value: unknown; depth: number; at: string };

function locate(at: string, segment: string | number): string {
  if (typeof segment === 'number') return `${at}[${segment}]`;
  return at ? `${at}.${segment}` : segment;
}

function problem(at: string, message: string): SkipRuleProblem {
  return { at: at || '(root)', message };
}

/**
 * Checks a skip rule against `SKIP_RULE_LIMITS` and `SKIP_RULE_OPERATORS`; undefined when it is
 * within them. Iterative and stopping at the first problem, so a hostile rule costs at most
 * `maxNodes` steps to refuse. An object with exactly one key is an operator (json-logic-js's
 * reading); other objects are literals and count as nodes like everything else.
 */
export function checkSkipRule(rule: unknown): SkipRuleProblem | undefined {
  const stack: Frame[] = [{ value: rule, depth: 0, at: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, at } = stack.pop()!;
    nodes += 1;
    if (nodes > SKIP_RULE_LIMITS.maxNodes) return problem('', `has more than ${SKIP_RULE_LIMITS.maxNodes} nodes`);
    if (typeof value === 'string') {
      if (value.length > SKIP_RULE_LIMITS.maxStringLength) {
        return problem(at, `has a string longer than ${SKIP_RULE_LIMITS.maxStringLength} characters`);
      }
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= SKIP_RULE_LIMITS.maxDepth) return problem(at, `nests deeper than ${SKIP_RULE_LIMITS.maxDepth} levels`);
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], depth: depth + 1, at: locate(at, index) });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (nodes + keys.length > SKIP_RULE_LIMITS.maxNodes)
      return problem('', `has more than ${SKIP_RULE_LIMITS.maxNodes} nodes`);
    if (keys.length === 1) {
      const operator = keys[0]!;
      if (!SKIP_RULE_OPERATORS.has(operator)) {
        const because = REFUSED_BECAUSE[operator] ?? 'it is not a supported operator';
        return problem(at, `uses "${operator.slice(0, 50)}", which a skip rule may not: ${because}`);
      }
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      if (key.length > SKIP_RULE_LIMITS.maxStringLength) {
        return problem(at, `has a key longer than ${SKIP_RULE_LIMITS.maxStringLength} characters`);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, at: locate(at, key) });
    }
  }
  return undefined;
}

/** The problem as one sentence: `uses "map" at and[1], which …`. */
export function describeSkipRuleProblem({ at, message }: SkipRuleProblem): string {
  return `${message} (at ${at})`;
}
