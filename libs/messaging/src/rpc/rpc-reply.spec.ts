import { RpcError } from '@herald/contracts';

import { decodeRpcReply, encodeRpcReply, errorReply } from './rpc-reply';

describe('rpc reply codec', () => {
  it('round-trips results and errors', () => {
    expect(decodeRpcReply(encodeRpcReply({ ok: true, data: { n: 1 } }))).toEqual({ ok: true, data: { n: 1 } });
    expect(
      decodeRpcReply(encodeRpcReply({ ok: false, error: { code: 'not_found', message: 'no such thing' } })),
    ).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such thing' },
    });
  });

  it('flags bodies that are not replies', () => {
    expect(decodeRpcReply(Buffer.from('nope'))).toEqual({ invalid: 'reply is not JSON' });
    expect(decodeRpcReply(Buffer.from('{"ok":"yes"}'))).toHaveProperty('invalid');
  });

  it('keeps a thrown RpcError as it is, else calls it internal_error', () => {
    expect(errorReply(new RpcError('not_found', 'gone'))).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'gone' },
    });
    const invalid = new RpcError('invalid_request', 'bad', { fieldErrors: { subscriberId: ['too long'] } });
    expect(decodeRpcReply(encodeRpcReply(errorReply(invalid)))).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: 'bad', fieldErrors: { subscriberId: ['too long'] } },
    });
    // Only an RpcError picks the code: a driver error's `code` (a Postgres SQLSTATE) is not the caller's business.
    expect(errorReply(Object.assign(new Error('duplicate key'), { code: '23505' }))).toMatchObject({
      error: { code: 'internal_error' },
    });
    expect(errorReply(new Error('boom'))).toEqual({ ok: false, error: { code: 'internal_error', message: 'boom' } });
    expect(errorReply('str')).toEqual({ ok: false, error: { code: 'internal_error', message: 'str' } });
  });
});
