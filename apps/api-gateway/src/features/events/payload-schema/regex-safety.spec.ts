import { check } from 'recheck';

import { PAYLOAD_FORMATS } from './payload-schema.compiler';
import { findUnsafePattern } from './regex-safety';

// Verdicts, not budgets, are what most cases check: a generous budget, so a loaded machine (the
// worker thread starting slowly) cannot turn "vulnerable" into "out of time".
const ROOMY = { patternMs: 60_000, schemaMs: 60_000 };
const verdictOf = (source: string) => findUnsafePattern([{ path: '.pattern', source }], ROOMY);

describe('findUnsafePattern (recheck, pure JS on a worker thread)', () => {
  it.each([
    ['^(a+)+$', /exponential time/],
    ['(a|a)*b', /exponential time/],
    ['^(\\w+\\s?)*$', /exponential time/],
    ['^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', /polynomial \(degree 2\) time/],
  ])('refuses %s, saying why', async (source, why) => {
    const problem = await verdictOf(source);
    expect(problem).toMatchObject({ path: '.pattern', final: true });
    expect(problem?.reason).toMatch(why);
    expect(problem?.reason).toMatch(/can backtrack catastrophically/);
  });

  it('accepts linear patterns', async () => {
    expect(
      await findUnsafePattern(
        ['^[a-z]+$', '^\\d{4}-\\d{2}-\\d{2}$', '^x-'].map((source) => ({ path: '', source })),
        ROOMY,
      ),
    ).toBeUndefined();
  });

  it('refuses an invalid regular expression', async () => {
    expect((await verdictOf('('))?.reason).toMatch(/is not a valid regular expression/);
  });

  it('is bounded itself: a pattern it cannot decide within its budget is refused, and not remembered', async () => {
    const hard = [{ path: '.pattern', source: '(a{1,30}){1,30}$' }];
    const problem = await findUnsafePattern(hard, { patternMs: 1, schemaMs: 1_000 });
    expect(problem).toMatchObject({
      final: false,
      reason: expect.stringMatching(/could not be proven free of catastrophic/),
    });
    const spent = await findUnsafePattern(hard, { patternMs: 1_000, schemaMs: 0 });
    expect(spent).toMatchObject({ final: false });
    // With the real budget it is refused either way: found vulnerable, or not proven safe in time.
    expect((await findUnsafePattern(hard))?.reason).toMatch(/can backtrack catastrophically|could not be proven/);
  });

  it('proves the built-in formats linear', async () => {
    process.env.RECHECK_BACKEND = 'worker';
    for (const [name, pattern] of Object.entries(PAYLOAD_FORMATS)) {
      const diagnostics = await check(pattern.source, pattern.flags, { timeout: 5_000 });
      expect({ name, status: diagnostics.status }).toEqual({ name, status: 'safe' });
    }
  });
});
