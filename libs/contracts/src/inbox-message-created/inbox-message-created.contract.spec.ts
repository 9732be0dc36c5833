import {
  INBOX_MESSAGE_CREATED_V1,
  type InboxMessageCreatedData,
  inboxMessageCreatedDataSchema,
} from './inbox-message-created.contract';

const data: InboxMessageCreatedData = {
  environmentId: 'env',
  message: {
    id: 'msg',
    seq: 1,
    subscriberId: 'sub',
    transactionId: 'tx',
    workflowIdentifier: 'comment-created',
    stepId: 'in-app',
    subject: null,
    body: 'Grace commented',
    avatar: null,
    primaryAction: { label: 'Open', redirect: { url: '/posts/1', target: '_self' } },
    secondaryAction: null,
    redirect: { url: '/posts/1' },
    data: {},
    seen: false,
    read: false,
    archived: false,
    createdAt: new Date(0).toISOString(),
  },
};

describe('inbox.message-created.v1', () => {
  it('has its routing key and accepts a stored message', () => {
    expect(INBOX_MESSAGE_CREATED_V1).toBe('inbox.message-created.v1');
    expect(inboxMessageCreatedDataSchema.parse(data)).toEqual(data);
  });

  it('rejects a message without sequence number or with an unknown link target', () => {
    const { seq: _seq, ...withoutSeq } = data.message;
    expect(inboxMessageCreatedDataSchema.safeParse({ ...data, message: withoutSeq }).success).toBe(false);
    expect(
      inboxMessageCreatedDataSchema.safeParse({
        ...data,
        message: { ...data.message, redirect: { url: '/x', target: 'popup' } },
      }).success,
    ).toBe(false);
  });
});
