import { decodeRpcReply, encodeRpcReply, errorReply } from './rpc-reply';

describe('rpc reply codec', () => {
  it('round-trips results and errors', () => {
    expect(decodeRpcReply(encodeRpcReply({ ok: true, data: { n: 1 } }))).toEqual({ ok: true, data: { n: 1 } });
    expect(decodeRpcReply(encodeRpcReply({ ok: false, error: { code: 'not_found', message: 'no such thing' } }))).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such thing' },
    });
  });

  it('flags bodies that are not replies', () => {
    expect(decodeRpcReply(Buffer.from('nope'))).toEqual({ invalid: 'reply is not JSON' });
    expect(decodeRpcReply(Buffer.from('{"ok":"yes"}'))).toHaveProperty('invalid');
  });

  it('keeps a thrown error code, else calls it internal_error', () => {
    expect(errorReply(Object.assign(new Error('gone'), { code: 'not_found' }))).toEqual({ ok: false, error: { code: 'not_found', message: 'gone' } });
    expect(errorReply(new Error('boom'))).toEqual({ ok: false, error: { code: 'internal_error', message: 'boom' } });
    expect(errorReply('str')).toEqual({ ok: false, error: { code: 'internal_error', message: 'str' } });
  });
});
