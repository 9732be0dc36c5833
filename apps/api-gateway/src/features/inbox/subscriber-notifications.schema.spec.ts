import { legacyMarkAsBodySchema, messageActionBodySchema } from './subscriber-notifications.schema';

describe("Novu's legacy markAs body", () => {
  it('turns mark { seen, read } into inbox marks, seen first', () => {
    expect(legacyMarkAsBodySchema.parse({ messageId: 'm1', mark: { read: true, seen: false } })).toEqual({
      messageIds: ['m1'],
      marks: ['unseen', 'read'],
    });
  });

  it('takes an array of ids and the newer markAs', () => {
    expect(legacyMarkAsBodySchema.parse({ messageId: ['a', 'b'], markAs: 'unread' })).toEqual({
      messageIds: ['a', 'b'],
      marks: ['unread'],
    });
  });

  it('refuses a body that marks nothing, or no ids', () => {
    expect(legacyMarkAsBodySchema.safeParse({ messageId: 'm1', mark: {} }).success).toBe(false);
    expect(legacyMarkAsBodySchema.safeParse({ messageId: [], mark: { read: true } }).success).toBe(false);
    expect(legacyMarkAsBodySchema.safeParse({ messageId: 'm1', mark: { archived: true } }).success).toBe(false);
  });
});

describe('the message action body', () => {
  it('takes done or pending and an optional payload', () => {
    expect(messageActionBodySchema.parse({ status: 'done', payload: { k: 1 } })).toEqual({
      status: 'done',
      payload: { k: 1 },
    });
    expect(messageActionBodySchema.safeParse({ status: 'clicked' }).success).toBe(false);
  });
});
