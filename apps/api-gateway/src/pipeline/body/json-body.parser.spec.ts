import { GatewayException } from '../../core/errors/gateway.exception';
import { parseJson } from './json-body.parser';

function failure(body: Buffer | string): string | undefined {
  try {
    parseJson(Buffer.isBuffer(body) ? body : Buffer.from(body));
    return undefined;
  } catch (error) {
    return error instanceof GatewayException ? error.code : 'unexpected';
  }
}

describe('parseJson', () => {
  it('parses JSON, tolerates a BOM and treats whitespace as no body', () => {
    expect(parseJson(Buffer.from('{"a": "é😀"}'))).toEqual({ a: 'é😀' });
    expect(parseJson(Buffer.from('\ufeff[1]'))).toEqual([1]);
    expect(parseJson(Buffer.from('  \n'))).toBeUndefined();
  });

  it('names each way a body can be wrong', () => {
    expect(failure('{"a":')).toBe('MALFORMED_JSON');
    expect(failure(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toBe('INVALID_ENCODING');
    expect(failure(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe('JSON_TOO_DEEP');
    expect(failure('{"__proto__": {}}')).toBe('FORBIDDEN_PROPERTY');
  });

  it('refuses lone surrogates (Postgres jsonb cannot hold them) and keeps surrogate pairs', () => {
    expect(failure('{"a": "\\ud800"}')).toBe('INVALID_ENCODING');
    expect(failure('{"a": ["x\\uDFFFy"]}')).toBe('INVALID_ENCODING');
    expect(failure('{"\\udc00": 1}')).toBe('INVALID_ENCODING');
    expect(parseJson(Buffer.from('{"a": "\\ud83d\\ude00"}'))).toEqual({ a: '😀' });
  });

  it('refuses the NUL character Postgres cannot store, in values and keys, naming where it is', () => {
    expect(failure('{"a": ["x", "b\\u0000"]}')).toBe('FORBIDDEN_CHARACTER');
    expect(failure('{"k\\u0000": 1}')).toBe('FORBIDDEN_CHARACTER');
    expect(failure('{"a": "\\\\u0000"}')).toBeUndefined();
    const thrown = (() => {
      try {
        parseJson(Buffer.from('{"payload": {"items": [1, "\\u0000"]}}'));
        return undefined;
      } catch (error) {
        return error as GatewayException;
      }
    })();
    expect(thrown?.detail.errors).toEqual([expect.objectContaining({ field: 'payload.items[1]' })]);
  });
});
