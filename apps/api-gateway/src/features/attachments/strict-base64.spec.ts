import { parseStrictBase64 } from './strict-base64';

describe('strict base64', () => {
  it.each([
    ['aGk=', 'hi'],
    ['aGVsbG8=', 'hello'],
    ['aGVsbG8h', 'hello!'],
    ['aGVs\r\nbG8h', 'hello!'],
    ['  aGVs bG8h\n', 'hello!'],
    ['+/+/', Buffer.from('+/+/', 'base64').toString('latin1')],
  ])('accepts %j', (text, decoded) => {
    const parsed = parseStrictBase64(text);
    expect(parsed).toBeDefined();
    expect(Buffer.from(parsed!.compact, 'base64').toString('latin1')).toBe(decoded);
    expect(parsed!.decodedBytes).toBe(Buffer.byteLength(decoded, 'latin1'));
  });

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n '],
    ['not base64 at all', 'not base64!'],
    ['missing padding', 'aGk'],
    ['padding in the middle', 'aG==aGk='],
    ['too much padding', 'a==='],
    ['base64url characters', 'a-_b'],
    ['a data URL', 'data:text/plain;base64,aGk='],
    ['a unicode letter', 'aGé='],
  ])('rejects %s', (_case, text) => {
    expect(parseStrictBase64(text)).toBeUndefined();
  });

  it('checks and sizes a 21 MB input without decoding it (and without overflowing the regex engine)', () => {
    const bytes = Buffer.alloc(21 * 1024 * 1024 + 1, 7);
    expect(parseStrictBase64(bytes.toString('base64'))?.decodedBytes).toBe(bytes.length);
  });
});
