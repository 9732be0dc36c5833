import { findJsonHazard, MAX_JSON_DEPTH } from './json-hazards';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('findJsonHazard', () => {
  it('accepts ordinary documents, including keys that merely look dangerous', () => {
    expect(findJsonHazard({ name: 'x', to: ['a', { subscriberId: 'b' }], payload: { constructor: 'Bob', prototype: 1 } })).toBeUndefined();
    expect(findJsonHazard(null)).toBeUndefined();
    expect(findJsonHazard('text')).toBeUndefined();
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(findJsonHazard(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(findJsonHazard(nested(MAX_JSON_DEPTH + 1))).toMatchObject({ kind: 'too-deep' });
  });

  it('walks very deep documents without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(findJsonHazard(deep)).toMatchObject({ kind: 'too-deep' });
  });

  it('refuses __proto__ anywhere, with its path', () => {
    expect(findJsonHazard(JSON.parse('{"__proto__": {"polluted": true}}'))).toEqual({ kind: 'forbidden-property', path: '__proto__' });
    expect(findJsonHazard(JSON.parse('{"payload": {"items": [{"__proto__": 1}]}}'))).toEqual({
      kind: 'forbidden-property',
      path: 'payload.items[0].__proto__',
    });
  });

  it('refuses constructor.prototype', () => {
    expect(findJsonHazard(JSON.parse('{"a": {"constructor": {"prototype": {"x": 1}}}}'))).toEqual({
      kind: 'forbidden-property',
      path: 'a.constructor.prototype',
    });
  });
});
