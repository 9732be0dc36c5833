import { compilePayloadSchema } from './payload-schema.compiler';

const fields = (schema: Record<string, unknown>, value: unknown) =>
  compilePayloadSchema(schema)(value, 0).map(({ field, message }) => `${field}: ${message}`);

describe('compilePayloadSchema (ajv)', () => {
  const schema = {
    type: 'object',
    required: ['user', 'count'],
    additionalProperties: false,
    properties: {
      user: {
        type: 'object',
        required: ['email'],
        properties: {
          email: { type: 'string', format: 'email' },
          name: { type: 'string', minLength: 2, maxLength: 5 },
        },
      },
      count: { type: 'integer', minimum: 1, maximum: 10 },
      plan: { enum: ['free', 'pro'] },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 2, uniqueItems: true },
      note: { type: ['string', 'null'] },
    },
  };

  it('accepts a valid payload', () => {
    const valid = { user: { email: 'a@b.co', name: 'Ada' }, count: 3, plan: 'pro', tags: ['x'], note: null };
    expect(fields(schema, valid)).toEqual([]);
  });

  it('reports every failure with its path, in the messages the gateway always used', () => {
    const invalid = { user: { name: 'A' }, count: 11.5, plan: 'gold', tags: ['Ab', 'Ab', 'c'], extra: 1, note: 3 };
    expect(fields(schema, invalid).sort()).toEqual(
      [
        'payload.user.email: is required',
        'payload.user.name: must have at least 2 characters',
        'payload.count: must be integer',
        'payload.count: must be <= 10',
        'payload.plan: must be one of "free", "pro"',
        'payload.tags: must have at most 2 items',
        'payload.tags: must not contain duplicates',
        'payload.tags[0]: must match pattern "^[a-z]+$"',
        'payload.tags[1]: must match pattern "^[a-z]+$"',
        'payload.extra: is not allowed',
        'payload.note: must be string or null',
      ].sort(),
    );
  });

  it('keeps the 400 entry shape: field, message, value and schemaPath', () => {
    const validate = compilePayloadSchema({
      type: 'object',
      required: ['orderId'],
      properties: { total: { minimum: 0 } },
    });
    expect(validate({ total: -1 }, 0)).toEqual([
      { field: 'payload.orderId', message: 'is required', schemaPath: '#/required' },
      { field: 'payload.total', message: 'must be >= 0', value: -1, schemaPath: '#/properties/total/minimum' },
    ]);
    expect(compilePayloadSchema({ additionalProperties: false })({ x: [1] }, 0)).toEqual([
      { field: 'payload.x', message: 'is not allowed', value: [1], schemaPath: '#/additionalProperties' },
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(fields({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
  });

  it('supports numbers bounds, const, combinators, $ref and boolean schemas', () => {
    expect(fields({ exclusiveMinimum: 0, multipleOf: 0.1 }, 0)).toEqual(['payload: must be > 0']);
    expect(fields({ multipleOf: 0.1 }, 0.3)).toEqual([]);
    expect(fields({ const: { a: [1] } }, { a: [1] })).toEqual([]);
    expect(fields({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true)).toEqual([
      'payload: must match at least one of the allowed schemas',
    ]);
    expect(fields({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toEqual([
      'payload: must match exactly one of the allowed schemas',
    ]);
    expect(fields({ not: { type: 'null' } }, null)).toEqual(['payload: must not match the excluded schema']);
    expect(fields({ allOf: [{ minimum: 2 }, { maximum: 1 }] }, 3)).toEqual(['payload: must be <= 1']);
    expect(fields({ properties: { a: false } }, { a: 1 })).toEqual(['payload.a: is not allowed']);
    const withRef = { definitions: { id: { type: 'string' } }, properties: { a: { $ref: '#/definitions/id' } } };
    expect(fields(withRef, { a: 1 })).toEqual(['payload.a: must be string']);
  });

  it('ignores unknown keywords and formats and $schema', () => {
    const loose = { $schema: 'https://json-schema.org/draft/2020-12/schema', format: 'hostname', foo: 1 };
    expect(fields(loose, 'anything')).toEqual([]);
  });

  it('throws for a schema that is not valid JSON Schema', () => {
    expect(() => compilePayloadSchema({ type: 'thing' })).toThrow(/schema is invalid/);
  });

  it('caps the number of issues, and reports only the first problem of a large payload', () => {
    const validate = compilePayloadSchema({ items: { type: 'string' } });
    const items = Array.from({ length: 200 }, () => 1);
    expect(validate(items, 1_000)).toHaveLength(50);
    expect(validate(items, 1_000_000)).toHaveLength(1);
  });

  describe('worst cases stay bounded', () => {
    it('uniqueItems is linear: 50,000 distinct objects, then one duplicate', () => {
      const validate = compilePayloadSchema({ type: 'array', uniqueItems: true });
      const items = Array.from({ length: 50_000 }, (_, index) => ({ id: index, tags: ['x', index % 7] }));
      expect(validate(items)).toEqual([]);
      expect(validate([...items, { tags: ['x', 3], id: 10 }]).map((issue) => issue.message)).toEqual([
        'must not contain duplicates',
      ]);
    });

    it('format email on a 500,000-character string answers without running a regular expression', () => {
      const validate = compilePayloadSchema({ type: 'string', format: 'email' });
      expect(validate(`a@${'a'.repeat(500_000)}`).map((issue) => issue.message)).toEqual(['must be a valid email']);
      expect(validate(`${'a@'.repeat(100)}x`).map((issue) => issue.message)).toEqual(['must be a valid email']);
      expect(validate('ada@example.co.uk')).toEqual([]);
    });
  });
});
