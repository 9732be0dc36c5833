import { validateAgainstSchema } from './json-schema.validator';

const fields = (schema: unknown, value: unknown) => validateAgainstSchema(schema, value).map(({ field, message }) => `${field}: ${message}`);

describe('validateAgainstSchema', () => {
  const schema = {
    type: 'object',
    required: ['user', 'count'],
    additionalProperties: false,
    properties: {
      user: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 2, maxLength: 5 } },
      },
      count: { type: 'integer', minimum: 1, maximum: 10 },
      plan: { enum: ['free', 'pro'] },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, maxItems: 2, uniqueItems: true },
      note: { type: ['string', 'null'] },
    },
  };

  it('accepts a valid payload', () => {
    expect(fields(schema, { user: { email: 'a@b.co', name: 'Ada' }, count: 3, plan: 'pro', tags: ['x'], note: null })).toEqual([]);
  });

  it('reports every failure with its path', () => {
    expect(fields(schema, { user: { name: 'A' }, count: 11.5, plan: 'gold', tags: ['Ab', 'Ab', 'c'], extra: 1, note: 3 })).toEqual([
      'payload.user.email: is required',
      'payload.user.name: must have at least 2 characters',
      'payload.count: must be integer',
      'payload.plan: must be one of "free", "pro"',
      'payload.tags: must have at most 2 items',
      'payload.tags: must not contain duplicates',
      'payload.tags[0]: must match pattern "^[a-z]+$"',
      'payload.tags[1]: must match pattern "^[a-z]+$"',
      'payload.extra: is not allowed',
      'payload.note: must be string or null',
    ]);
  });

  it('reports missing required fields of the root and type mismatches', () => {
    expect(fields(schema, {})).toEqual(['payload.user: is required', 'payload.count: is required']);
    expect(fields(schema, [])).toEqual(['payload: must be object']);
    expect(validateAgainstSchema({ type: 'string', maxLength: 3 }, 'abcd')[0]).toMatchObject({ value: 'abcd', schemaPath: '#/maxLength' });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(fields({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
  });

  it('supports numbers bounds, const, combinators and boolean schemas', () => {
    expect(fields({ exclusiveMinimum: 0, multipleOf: 0.1 }, 0)).toEqual(['payload: must be > 0']);
    expect(fields({ multipleOf: 0.1 }, 0.3)).toEqual([]);
    expect(fields({ const: { a: [1] } }, { a: [1] })).toEqual([]);
    expect(fields({ anyOf: [{ type: 'string' }, { type: 'number' }] }, true)).toEqual(['payload: must match at least one of the allowed schemas']);
    expect(fields({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 1)).toEqual(['payload: must match exactly one of the allowed schemas']);
    expect(fields({ not: { type: 'null' } }, null)).toEqual(['payload: must not match the excluded schema']);
    expect(fields({ allOf: [{ minimum: 2 }, { maximum: 1 }] }, 3)).toEqual(['payload: must be <= 1']);
    expect(fields(false, 1)).toEqual(['payload: is not allowed']);
    expect(fields({ properties: { a: false } }, { a: 1 })).toEqual(['payload.a: is not allowed']);
  });

  it('ignores unknown keywords, $ref, unknown formats and broken patterns', () => {
    expect(fields({ $ref: '#/definitions/x', format: 'hostname', pattern: '(', foo: 1 }, 'anything')).toEqual([]);
    expect(fields('not a schema', 1)).toEqual([]);
  });

  it('caps the number of issues', () => {
    const items = Array.from({ length: 200 }, () => 1);
    expect(validateAgainstSchema({ items: { type: 'string' } }, items)).toHaveLength(50);
  });
});
