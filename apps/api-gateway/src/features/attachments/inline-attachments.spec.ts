import { createHash } from 'node:crypto';

import { CONTRACT_LIMITS } from '@herald/contracts';

import { GatewayException } from '../../core/errors/gateway.exception';
import { readInlineAttachments } from './inline-attachments';

function failure(value: unknown): { status: number; errors: unknown; message: string } {
  try {
    readInlineAttachments(value);
  } catch (error) {
    if (error instanceof GatewayException)
      return { status: error.status, errors: error.detail.errors, message: error.message };
    throw error;
  }
  throw new Error('expected a GatewayException');
}

describe('inline attachments', () => {
  it('decodes each file and hashes it', () => {
    const [attachment] = readInlineAttachments([
      { file: 'aGVsbG8=', name: 'hello.txt', mime: 'text/plain', channels: ['email'] },
    ]);
    expect(attachment).toEqual({
      name: 'hello.txt',
      mime: 'text/plain',
      channels: ['email'],
      bytes: Buffer.from('hello'),
      sha256: createHash('sha256').update('hello').digest('hex'),
    });
  });

  it('has none when the field is absent or empty', () => {
    expect(readInlineAttachments(undefined)).toEqual([]);
    expect(readInlineAttachments([])).toEqual([]);
  });

  it('is a 422 naming the file that is not base64, without echoing it', () => {
    const result = failure([
      { file: 'aGk=', name: 'ok.txt', mime: 'text/plain' },
      { file: 'not base64!', name: 'bad.txt', mime: 'text/plain' },
    ]);
    expect(result.status).toBe(422);
    expect(result.errors).toEqual({
      'payload.attachments[1].file': { messages: ['must be a non-empty, padded base64 string'] },
    });
  });

  it('is a 422 naming malformed entries', () => {
    expect(failure('aGk=').errors).toEqual({
      'payload.attachments': { messages: ['must be an array'], value: 'aGk=' },
    });
    const result = failure([{ file: 12, name: '', mime: 'pdf', channels: ['fax'] }]);
    expect(result.status).toBe(422);
    expect(Object.keys(result.errors as object).sort()).toEqual([
      'payload.attachments[0].channels[0]',
      'payload.attachments[0].file',
      'payload.attachments[0].mime',
      'payload.attachments[0].name',
    ]);
    expect(Object.keys(failure([{ name: 'a', mime: 'text/plain' }]).errors as object)).toEqual([
      'payload.attachments[0].file',
    ]);
  });

  it('is a 413 over 20 MB decoded in all, counted before decoding', () => {
    const half = Buffer.alloc(CONTRACT_LIMITS.maxAttachmentBytes / 2, 1).toString('base64');
    expect(
      readInlineAttachments([
        { file: half, name: 'a.bin', mime: 'application/octet-stream' },
        { file: half, name: 'b.bin', mime: 'application/octet-stream' },
      ]),
    ).toHaveLength(2);
    const result = failure([
      { file: half, name: 'a.bin', mime: 'application/octet-stream' },
      { file: half, name: 'b.bin', mime: 'application/octet-stream' },
      { file: 'AA==', name: 'c.bin', mime: 'application/octet-stream' },
    ]);
    expect(result.status).toBe(413);
    expect(result.message).toContain(`at most ${CONTRACT_LIMITS.maxAttachmentBytes} bytes`);
  });
});
