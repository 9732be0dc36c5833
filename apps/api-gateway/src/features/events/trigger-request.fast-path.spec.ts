import fc from 'fast-check';

import { parseRequest } from '../../pipeline/validation/parse-request';
import { isCertainlyValidTrigger } from './trigger-request.fast-path';
import { triggerEventRequestSchema } from './trigger-request.schema';

const emoji = '😀';
const mostly = <T>(valid: fc.Arbitrary<T>, ...edges: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 10 }, ...edges.map((arbitrary) => ({ arbitrary, weight: 1 })));
const edge = fc.constantFrom(
  '',
  ' ',
  'x'.repeat(255),
  'x'.repeat(256),
  emoji.repeat(128),
  emoji.repeat(200),
  '\ud800',
  null,
  7,
  true,
  [],
  {},
  ['a'],
);
const shortString = fc.string({ minLength: 1, maxLength: 10 });
const key = fc.string({ maxLength: 8 });
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const object = fc.dictionary(
  key,
  fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.dictionary(key, leaf, { maxKeys: 2 })),
  { maxKeys: 3 },
);
const recipient = fc.oneof(
  shortString,
  fc.record(
    { subscriberId: mostly(shortString, edge), email: mostly(fc.constantFrom(undefined, 'a@b.co', null), edge) },
    { requiredKeys: ['subscriberId'] },
  ),
  fc.record({ type: fc.constant('Topic'), topicKey: mostly(shortString, edge) }),
  edge,
);
const body = fc.record(
  {
    name: mostly(shortString, edge),
    to: mostly(
      fc.oneof(recipient, fc.array(recipient, { maxLength: 3 })),
      fc.constant(Array.from({ length: 101 }, (_, i) => `s${i}`)),
      fc.constant(undefined),
    ),
    payload: mostly(fc.oneof(object, fc.constant(undefined), fc.constant(null)), edge),
    overrides: mostly(fc.oneof(object, fc.constant(undefined)), edge),
    transactionId: mostly(fc.oneof(shortString, fc.constant(undefined)), edge),
    actor: mostly(
      fc.oneof(fc.constant(undefined), shortString, fc.record({ subscriberId: shortString })),
      edge,
      fc.constant({ type: 'Topic', topicKey: 't' }),
    ),
    tenant: mostly(
      fc.oneof(fc.constant(undefined), shortString, fc.record({ identifier: shortString })),
      edge,
      fc.constant({ name: 'no identifier' }),
    ),
    context: mostly(fc.oneof(object, fc.constant(undefined)), edge),
    unknown: fc.constantFrom(undefined, 'dropped'),
  },
  { requiredKeys: [] },
);

/** The schema, which decides for everything the fast path does not vouch for. */
function slowPath(value: Record<string, unknown>) {
  return triggerEventRequestSchema.safeParse(value);
}

const fastPath = (value: unknown) =>
  parseRequest(triggerEventRequestSchema, value, { object: 'body', fastPath: isCertainlyValidTrigger });

describe('the trigger body fast path', () => {
  it('vouches only for bodies the schema accepts, with the same validated value', () => {
    let vouched = 0;
    fc.assert(
      fc.property(body, (value) => {
        if (!isCertainlyValidTrigger(value)) return;
        vouched += 1;
        const slow = slowPath(value);
        expect(slow.success).toBe(true);
        const fast = fastPath(value);
        expect(fast).toEqual({ ok: true, value: slow.data });
      }),
      { numRuns: 1500 },
    );
    expect(vouched).toBeGreaterThan(50);
  });

  it('holds at the length limits, counted as the schema counts them', () => {
    for (const name of ['x'.repeat(255), 'x'.repeat(256), emoji.repeat(127), emoji.repeat(128), emoji.repeat(200)]) {
      const value = { name, to: 'a' };
      if (isCertainlyValidTrigger(value)) expect(slowPath(value).success).toBe(true);
    }
    expect(slowPath({ name: emoji.repeat(255), to: 'a' }).success).toBe(true);
    expect(slowPath({ name: emoji.repeat(256), to: 'a' }).success).toBe(false);
    expect(isCertainlyValidTrigger({ name: 'x'.repeat(255), to: 'a' })).toBe(true);
  });

  it('leaves invalid bodies to the schema, which words the errors', () => {
    const result = fastPath({ name: 42, to: 'a' });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: {
          messages: ['name must be a string', 'name must be shorter than or equal to 255 characters'],
          value: 42,
        },
      },
    });
  });
});
