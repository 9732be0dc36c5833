import { subscriberRefSchema } from '@herald/contracts';

import { readRecipient } from './subscriber-input';

describe('readRecipient', () => {
  it('reads a bare subscriberId exactly as the contract schema would', () => {
    for (const id of ['a', 'sub-1', ' padded ', 'ünïcödé', '😀'.repeat(127), 'x'.repeat(255)]) {
      expect(readRecipient(id)).toEqual({
        kind: 'subscriber',
        ref: subscriberRefSchema.parse({ type: 'Subscriber', subscriberId: id }),
      });
    }
  });

  it('refuses a bare subscriberId over the limit and drops a blank one', () => {
    expect(readRecipient('x'.repeat(256))).toMatchObject({
      kind: 'malformed',
      issues: [{ path: ['subscriberId'], message: 'must be at most 255 characters' }],
    });
    expect(readRecipient('   ')).toEqual({ kind: 'unusable' });
  });
});
