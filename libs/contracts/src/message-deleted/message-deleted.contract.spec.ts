import { MESSAGE_DELETED_V1, messageDeletedDataSchema } from './message-deleted.contract';
import { buildMessageDeletedFixture } from './message-deleted.fixture';

describe('message.deleted.v1', () => {
  it('has its routing key and accepts a deletion with or without the delivered id', () => {
    expect(MESSAGE_DELETED_V1).toBe('message.deleted.v1');
    const data = buildMessageDeletedFixture();
    expect(messageDeletedDataSchema.parse(data)).toEqual(data);
    const { deliveredMessageId: _delivered, ...withoutDelivered } = data;
    expect(messageDeletedDataSchema.parse(withoutDelivered)).toEqual(withoutDelivered);
  });

  it('rejects ids that are not the worker’s uuids and unknown channels', () => {
    const data = buildMessageDeletedFixture();
    expect(messageDeletedDataSchema.safeParse({ ...data, messageId: 'msg-1' }).success).toBe(false);
    expect(messageDeletedDataSchema.safeParse({ ...data, jobId: undefined }).success).toBe(false);
    expect(messageDeletedDataSchema.safeParse({ ...data, channel: 'fax' }).success).toBe(false);
  });
});
