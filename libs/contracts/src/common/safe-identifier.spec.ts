import { z } from 'zod';

import { identifierRefusal, safeIdentifier } from './safe-identifier';

describe('identifierRefusal', () => {
  it.each([
    ['C0 control', 'sub\u0000x'],
    ['tab', 'sub\tx'],
    ['DEL', 'sub\u007f'],
    ['C1 control', 'sub\u0085x'],
    ['LRM', 'sub\u200e'],
    ['RLM', 'sub\u200f'],
    ['LRE', '\u202asub'],
    ['RLO', 'invoice\u202Efdp.exe'],
    ['LRI', 'sub\u2066'],
    ['PDI', 'sub\u2069'],
    ['BOM', '\ufeffsub'],
  ])('refuses a %s', (_name, value) => {
    expect(identifierRefusal(value)).toBe('must not contain control characters or bidirectional formatting characters');
  });

  it.each(['subscriber-1', 'user@example.com', 'Ünïcödé_名前', 'שלום', 'a b'])('accepts %j', (value) => {
    expect(identifierRefusal(value)).toBeUndefined();
  });

  it('refines a schema without changing what it accepts otherwise', () => {
    const schema = safeIdentifier(z.string().max(3));
    expect(schema.safeParse('ab').success).toBe(true);
    expect(schema.safeParse('a\u202Eb').error?.issues.map((issue) => issue.message)).toEqual([
      'must not contain control characters or bidirectional formatting characters',
    ]);
    expect(schema.safeParse('abcd').error?.issues.map((issue) => issue.message)).toEqual([
      'String must contain at most 3 character(s)',
    ]);
  });
});
