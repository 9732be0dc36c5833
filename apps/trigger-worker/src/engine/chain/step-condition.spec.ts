import { evaluateSkipRule } from './step-condition';

const data = { payload: { amount: 5, tags: ['vip'] }, subscriber: { locale: 'de' }, tenant: { identifier: 'acme' } };

describe('evaluateSkipRule', () => {
  it('runs the step without a rule or with a false one', () => {
    expect(evaluateSkipRule(undefined, data)).toEqual({ skip: false });
    expect(evaluateSkipRule({ '>': [{ var: 'payload.amount' }, 10] }, data)).toEqual({ skip: false });
  });

  it('skips the step when the JSON Logic rule is true, over payload, subscriber and tenant', () => {
    expect(evaluateSkipRule({ '==': [{ var: 'subscriber.locale' }, 'de'] }, data).skip).toBe(true);
    expect(
      evaluateSkipRule(
        { and: [{ in: ['vip', { var: 'payload.tags' }] }, { '==': [{ var: 'tenant.identifier' }, 'acme'] }] },
        data,
      ).skip,
    ).toBe(true);
  });

  it('skips, saying why, when the rule cannot be evaluated', () => {
    expect(evaluateSkipRule({ missing_some: [1, null] }, data)).toEqual({
      skip: true,
      reason: expect.stringContaining('could not be evaluated'),
    });
    expect(evaluateSkipRule({ no_such_operator: [1] }, data)).toEqual({
      skip: true,
      reason: expect.stringContaining('not a supported operator'),
    });
  });

  it('does not run a rule beyond its budget: the doubling rule of issue 14 is skipped with the reason', () => {
    const doubling = {
      reduce: [{ var: 'payload.rounds' }, { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]],
    };
    const rounds = Array.from({ length: 40 }, (_, i) => i);
    expect(evaluateSkipRule(doubling, { ...data, payload: { rounds } })).toEqual({
      skip: true,
      reason: expect.stringMatching(/^Step skipped: its skip rule exceeded its budget \(uses "reduce", which/),
    });
    const tooMany = { or: Array.from({ length: 100 }, () => ({ '==': [{ var: 'payload.amount' }, 1] })) };
    expect(evaluateSkipRule(tooMany, data)).toEqual({
      skip: true,
      reason: expect.stringContaining('has more than 200 nodes'),
    });
  });
});
