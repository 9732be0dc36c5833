import { outboxNotifyChannel, quoteSchema } from './schema-identifier';

describe('schema identifiers', () => {
  it('quotes valid schema names', () => {
    expect(quoteSchema('trigger')).toBe('"trigger"');
    expect(quoteSchema('runner_email')).toBe('"runner_email"');
  });

  it('refuses anything that could break out of an identifier', () => {
    for (const bad of ['Trigger', 'a"b', 'a;drop', '1abc', '', 'x'.repeat(50)])
      expect(() => quoteSchema(bad)).toThrow(/invalid schema/);
  });

  it('names the outbox notify channel after the schema', () => {
    expect(outboxNotifyChannel('trigger')).toBe('herald_outbox_trigger');
  });
});
