import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { validateDto } from '../../../pipeline/validation/validate-dto';
import { TriggerEventRequestDto } from './trigger-event-request.dto';
import { isCertainlyValidTrigger } from './trigger-request.fast-path';

const emoji = '😀';
const mostly = <T,>(valid: fc.Arbitrary<T>, ...edges: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 10 }, ...edges.map((arbitrary) => ({ arbitrary, weight: 1 })));
const edge = fc.constantFrom('', ' ', 'x'.repeat(255), 'x'.repeat(256), emoji.repeat(128), emoji.repeat(200), '\ud800', null, 7, true, [], {}, ['a']);
const shortString = fc.string({ minLength: 1, maxLength: 10 });
// Keys that shadow Object.prototype members (valueOf, toString, …) are left out: class-transformer
// rewrites objects holding them, so the slow path's value differs for reasons that are not the
// fast path's (the gateway keeps such data as sent).
const key = fc.string({ maxLength: 8 }).filter((candidate) => !(candidate in Object.prototype));
const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
const object = fc.dictionary(key, fc.oneof(leaf, fc.array(leaf, { maxLength: 2 }), fc.dictionary(key, leaf, { maxKeys: 2 })), { maxKeys: 3 });
const recipient = fc.oneof(
  shortString,
  fc.record({ subscriberId: mostly(shortString, edge), email: mostly(fc.constantFrom(undefined, 'a@b.co', null), edge) }, { requiredKeys: ['subscriberId'] }),
  fc.record({ type: fc.constant('Topic'), topicKey: mostly(shortString, edge) }),
  edge,
);
const body = fc.record(
  {
    name: mostly(shortString, edge),
    to: mostly(fc.oneof(recipient, fc.array(recipient, { maxLength: 3 })), fc.constant(Array.from({ length: 101 }, (_, i) => `s${i}`)), fc.constant(undefined)),
    payload: mostly(fc.oneof(object, fc.constant(undefined), fc.constant(null)), edge),
    overrides: mostly(fc.oneof(object, fc.constant(undefined)), edge),
    transactionId: mostly(fc.oneof(shortString, fc.constant(undefined)), edge),
    actor: mostly(fc.oneof(fc.constant(undefined), shortString, fc.record({ subscriberId: shortString })), edge, fc.constant({ type: 'Topic', topicKey: 't' })),
    tenant: mostly(fc.oneof(fc.constant(undefined), shortString, fc.record({ identifier: shortString })), edge, fc.constant({ name: 'no identifier' })),
    context: mostly(fc.oneof(object, fc.constant(undefined)), edge),
    unknown: fc.constantFrom(undefined, 'dropped'),
  },
  { requiredKeys: [] },
);

/** The class-validator path `validateDto` takes for everything its fast path does not vouch for. */
function classValidator(value: Record<string, unknown>) {
  const instance = plainToInstance(TriggerEventRequestDto, value);
  return { errors: validateSync(instance, { whitelist: true, forbidUnknownValues: false }), instance };
}

describe('the trigger body fast path', () => {
  it('vouches only for bodies class-validator accepts, with the same validated value', () => {
    let vouched = 0;
    fc.assert(
      fc.property(body, (value) => {
        if (!isCertainlyValidTrigger(value)) return;
        vouched += 1;
        const slow = classValidator(value);
        expect(slow.errors).toEqual([]);
        const fast = validateDto(TriggerEventRequestDto, value);
        expect(fast.ok).toBe(true);
        expect(fast.ok && fast.value).toBeInstanceOf(TriggerEventRequestDto);
        expect({ ...(fast.ok ? fast.value : {}) }).toEqual({ ...slow.instance });
      }),
      { numRuns: 1500 },
    );
    expect(vouched).toBeGreaterThan(50);
  });

  it('holds at the length limits, counted as class-validator counts them', () => {
    for (const name of ['x'.repeat(255), 'x'.repeat(256), emoji.repeat(127), emoji.repeat(128), emoji.repeat(200)]) {
      const value = { name, to: 'a' };
      if (isCertainlyValidTrigger(value)) expect(classValidator(value).errors).toEqual([]);
    }
    expect(isCertainlyValidTrigger({ name: 'x'.repeat(255), to: 'a' })).toBe(true);
  });

  it('leaves invalid bodies to class-validator, which words the errors', () => {
    const result = validateDto(TriggerEventRequestDto, { name: 42, to: 'a' });
    expect(result).toEqual({ ok: false, errors: { name: { messages: ['name must be a string', 'name must be shorter than or equal to 255 characters'], value: 42 } } });
  });
});
