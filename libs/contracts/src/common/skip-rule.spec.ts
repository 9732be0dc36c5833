import { formatZodIssues } from '../registry/zod-issues.formatter';
import { checkSkipRule, SKIP_RULE_LIMITS } from './skip-rule';
import { skipRuleSchema } from './step-controls.schema';

/** Issue #14's rule: each of 30 rounds doubles an array (2^30 elements), ~200 bytes of JSON. */
export const DOUBLING_RULE = {
  reduce: [{ var: 'payload.rounds' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]],
};

function issues(value: unknown): string[] {
  const result = skipRuleSchema.safeParse(value);
  return result.success ? [] : formatZodIssues(result.error, 'skip');
}

/** `{"and": [{"==": [{"var": "payload.k0"}, 0]}, …]}` with `conditions` conditions (5 nodes each). */
function conditions(count: number): Record<string, unknown> {
  return { and: Array.from({ length: count }, (_, i) => ({ '==': [{ var: `payload.k${i}` }, i] })) };
}

describe('checkSkipRule', () => {
  it.each([
    ['equals', { '==': [{ var: 'payload.muted' }, true] }],
    ['between (Novu)', { '<=': [1, { var: 'payload.n' }, 10] }],
    ['contains', { in: ['vip', { var: 'payload.tags' }] }],
    ['not in', { '!': { in: [{ var: 'subscriber.locale' }, ['de', 'fr']] } }],
    [
      'nested groups',
      {
        or: [
          { and: [{ '!=': [{ var: 'tenant.identifier' }, null] }, { '>': [{ var: 'payload.n' }, 2] }] },
          { '!!': { var: 'actor' } },
        ],
      },
    ],
    [
      'if and arithmetic',
      { if: [{ missing: ['payload.a'] }, false, { '>': [{ '+': [{ var: 'payload.a' }, 1] }, 2] }] },
    ],
    ['a literal object', { '==': [{ a: 1, b: 2 }, null] }],
    ['no rule', {}],
  ])('accepts %s', (_label, rule) => {
    expect(checkSkipRule(rule)).toBeUndefined();
  });

  it.each([
    ['reduce', DOUBLING_RULE, '(root)', /"reduce".*once per array element/],
    ['merge', { '==': [{ merge: [[1], [2]] }, 1] }, '==[0]', /"merge".*array from arrays/],
    ['map', { and: [true, { map: [{ var: 'payload.a' }, 1] }] }, 'and[1]', /"map".*array from an array/],
    ['some', { some: [{ var: 'payload.tags' }, { '==': [{ var: '' }, 'x'] }] }, '(root)', /"some"/],
    [
      'cat',
      { in: ['x', { cat: [{ var: 'payload.s' }, { var: 'payload.s' }] }] },
      'in[1]',
      /"cat".*string from strings/,
    ],
    [
      'an unknown operator',
      { startsWith: [{ var: 'payload.s' }, 'a'] },
      '(root)',
      /"startsWith".*not a supported operator/,
    ],
    ['a dotted operator', { 'Math.max': [1, 2] }, '(root)', /not a supported operator/],
  ])('refuses %s, saying where', (_label, rule, at, message) => {
    expect(checkSkipRule(rule)).toEqual({ at, message: expect.stringMatching(message) });
  });

  it('counts nodes: Novu-sized rules fit, one more condition than the limit allows does not', () => {
    const fitting = Math.floor((SKIP_RULE_LIMITS.maxNodes - 2) / 5);
    expect(checkSkipRule(conditions(fitting))).toBeUndefined();
    expect(checkSkipRule(conditions(fitting + 1))).toEqual({
      at: '(root)',
      message: `has more than ${SKIP_RULE_LIMITS.maxNodes} nodes`,
    });
  });

  it('refuses a rule nested too deeply and a long string, without walking all of it', () => {
    let deep: unknown = true;
    for (let i = 0; i < 100_000; i += 1) deep = { '!': [deep] };
    expect(checkSkipRule(deep)?.message).toBe(`nests deeper than ${SKIP_RULE_LIMITS.maxDepth} levels`);
    expect(checkSkipRule({ '==': [{ var: 'payload.a' }, 'x'.repeat(SKIP_RULE_LIMITS.maxStringLength + 1)] })).toEqual({
      at: '==[1]',
      message: `has a string longer than ${SKIP_RULE_LIMITS.maxStringLength} characters`,
    });
    expect(checkSkipRule({ '==': [Array.from({ length: 1_000_000 }, () => 1), 1] })?.message).toMatch(
      /more than 200 nodes/,
    );
  });
});

describe('skipRuleSchema', () => {
  it('refuses the doubling rule and a rule with two operators, naming the field', () => {
    expect(issues(DOUBLING_RULE)).toEqual([
      expect.stringMatching(/^skip: uses "reduce", which a skip rule may not: .* \(at \(root\)\)$/),
    ]);
    expect(issues({ '==': [1, 1], '!=': [1, 2] })).toEqual([
      'skip: must be a JSON Logic rule: an object with exactly one operator',
    ]);
    expect(issues('always')).toEqual(['skip: must be a JSON Logic rule (an object)']);
  });

  it('accepts an allowed rule and no rule', () => {
    expect(issues({ '==': [{ var: 'payload.muted' }, true] })).toEqual([]);
    expect(issues({})).toEqual([]);
  });
});
