import { inspectPayloadSchema } from './payload-schema.inspector';
import { PAYLOAD_SCHEMA_LIMITS } from './payload-schema.limits';

const problemOf = (schema: unknown) => {
  const inspection = inspectPayloadSchema(schema);
  return 'problem' in inspection ? inspection.problem : undefined;
};
const patternsOf = (schema: unknown) => {
  const inspection = inspectPayloadSchema(schema);
  if ('problem' in inspection) throw new Error(inspection.problem.reason);
  return inspection.patterns;
};

describe('inspectPayloadSchema', () => {
  it('collects every regular expression with its place, once per source', () => {
    const schema = {
      properties: {
        name: { type: 'string', pattern: '^(a+)+$' },
        tags: { items: { pattern: '^[a-z]+$' } },
        again: { pattern: '^(a+)+$' },
      },
      patternProperties: { '^x-': { type: 'string' } },
      propertyNames: { pattern: '^\\w+$' },
      definitions: { code: { anyOf: [{ pattern: '^\\d+$' }] } },
    };
    expect(patternsOf(schema)).toEqual([
      { path: '.propertyNames.pattern', source: '^\\w+$' },
      { path: '.properties.name.pattern', source: '^(a+)+$' },
      { path: '.properties.tags.items.pattern', source: '^[a-z]+$' },
      { path: '.patternProperties["^x-"]', source: '^x-' },
      { path: '.definitions.code.anyOf.0.pattern', source: '^\\d+$' },
    ]);
  });

  it('bounds the size, depth and number of patterns of a schema', () => {
    const big = { properties: { a: { enum: ['x'.repeat(PAYLOAD_SCHEMA_LIMITS.maxSchemaLength)] } } };
    expect(problemOf(big)?.reason).toMatch(/must serialize to at most 65536 characters/);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 40; level += 1) deep = { items: deep };
    expect(problemOf(deep)).toMatchObject({ reason: 'nests subschemas more than 32 levels deep' });
    const patterns = Object.fromEntries(
      Array.from({ length: 33 }, (_, index) => [`p${index}`, { pattern: `^${index}$` }]),
    );
    expect(problemOf({ properties: patterns })).toMatchObject({
      path: '.properties.p32.pattern',
      reason: expect.stringMatching(/at most 32 distinct/),
    });
    expect(problemOf({ pattern: 'a'.repeat(513) })?.reason).toMatch(/longer than 512 characters/);
  });

  it('counts a $ref as the subschemas it names, so definitions cannot multiply the work', () => {
    const definitions: Record<string, unknown> = { d0: { type: 'string' } };
    for (let level = 1; level <= 12; level += 1) {
      definitions[`d${level}`] = {
        allOf: [{ $ref: `#/definitions/d${level - 1}` }, { $ref: `#/definitions/d${level - 1}` }],
      };
    }
    expect(problemOf({ definitions, properties: { a: { $ref: '#/definitions/d12' } } })?.reason).toMatch(
      /more than 1000 subschemas/,
    );
    expect(
      problemOf({ definitions: { id: { type: 'string' } }, properties: { a: { $ref: '#/definitions/id' } } }),
    ).toBeUndefined();
  });

  it('refuses recursive, remote and dangling references and a nested $id', () => {
    expect(problemOf({ properties: { child: { $ref: '#' } } })).toMatchObject({
      path: '.properties.child.$ref',
      reason: expect.stringMatching(/recursive/),
    });
    const loop = { definitions: { node: { properties: { next: { $ref: '#/definitions/node' } } } } };
    expect(problemOf(loop)?.reason).toMatch(/recursive/);
    expect(problemOf({ $ref: 'https://example.com/schema.json' })?.reason).toMatch(/must be a local reference/);
    expect(problemOf({ $ref: '#/definitions/missing' })?.reason).toMatch(/does not have/);
    expect(problemOf({ properties: { a: { $id: 'other' } } })).toMatchObject({ path: '.properties.a.$id' });
    expect(problemOf({ $id: 'https://example.com/root', type: 'object' })).toBeUndefined();
  });
});
