import fc from 'fast-check';

import { findJsonHazard, JsonHazard, MAX_JSON_DEPTH } from './json-hazards';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('findJsonHazard', () => {
  it('accepts ordinary documents, including keys that merely look dangerous', () => {
    expect(
      findJsonHazard({ name: 'x', to: ['a', { subscriberId: 'b' }], payload: { constructor: 'Bob', prototype: 1 } }),
    ).toBeUndefined();
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
    expect(findJsonHazard(JSON.parse('{"__proto__": {"polluted": true}}'))).toEqual({
      kind: 'forbidden-property',
      path: '__proto__',
    });
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

  it('finds the same first hazard as a walk that names every path', () => {
    const hazardous = fc.constantFrom(
      '{"__proto__": 1}',
      '{"constructor": {"prototype": {}}}',
      '{"constructor": {"prototype": 1}}',
      `${'['.repeat(70)}${']'.repeat(70)}`,
    );
    const document = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        hazardous.map((raw) => JSON.parse(raw) as unknown),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('a', 'constructor', 'prototype', 'b'), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 8 }), (value, maxDepth) => {
        expect(findJsonHazard(value, maxDepth)).toEqual(referenceFindJsonHazard(value, maxDepth));
      }),
      { numRuns: 500 },
    );
  });
});

/** The walk the gateway first shipped, kept as the reference (it builds every path as it goes). */
function referenceFindJsonHazard(root: unknown, maxDepth: number): JsonHazard | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: root, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { kind: 'too-deep', path: path || '(root)' };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1)
        stack.push({ value: value[index], depth: depth + 1, path: `${path}[${index}]` });
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const childPath = path ? `${path}.${key}` : key;
      if (key === '__proto__') return { kind: 'forbidden-property', path: childPath };
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        return { kind: 'forbidden-property', path: `${childPath}.prototype` };
      }
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return undefined;
}
