import { evaluateSkipRule } from './step-condition';

const data = { payload: { amount: 5, tags: ['vip'] }, subscriber: { locale: 'de' }, tenant: { identifier: 'acme' } };

describe('evaluateSkipRule', () => {
  it('runs the step without a rule or with a false one', () => {
    expect(evaluateSkipRule(undefined, data)).toEqual({ skip: false });
    expect(evaluateSkipRule({ '>': [{ var: 'payload.amount' }, 10] }, data)).toEqual({ skip: false });
  });

  it('skips the step when the JSON Logic rule is true, over payload, subscriber and tenant', () => {
    expect(evaluateSkipRule({ '==': [{ var: 'subscriber.locale' }, 'de'] }, data).skip).toBe(true);
    expect(evaluateSkipRule({ and: [{ in: ['vip', { var: 'payload.tags' }] }, { '==': [{ var: 'tenant.identifier' }, 'acme'] }] }, data).skip).toBe(true);
  });

  it('skips, saying why, when the rule cannot be evaluated', () => {
    expect(evaluateSkipRule({ no_such_operator: [1] }, data)).toEqual({ skip: true, reason: expect.stringContaining('could not be evaluated') });
  });
});
