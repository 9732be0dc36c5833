import { createContractMessage } from '../registry/contract-message.factory';
import { parseMessage } from '../registry/message.parser';
import {
  SUBSCRIBER_DELETED_V1,
  type SubscriberDeletedData,
  subscriberDeletedDataSchema,
} from './subscriber-deleted.contract';

const data: SubscriberDeletedData = {
  environmentId: 'env-1',
  subscriberId: 'ada',
  deletedAt: new Date(0).toISOString(),
};

describe('subscriber.deleted.v1', () => {
  it('has its routing key and round-trips through the registry', () => {
    expect(SUBSCRIBER_DELETED_V1).toBe('subscriber.deleted.v1');
    const message = createContractMessage(SUBSCRIBER_DELETED_V1, data);
    expect(message).toMatchObject({ type: SUBSCRIBER_DELETED_V1, environmentId: 'env-1', data });
    const parsed = parseMessage(JSON.parse(JSON.stringify(message)), SUBSCRIBER_DELETED_V1);
    expect(parsed.ok && parsed.message.data).toEqual(data);
  });

  it('rejects an event naming no subscriber', () => {
    expect(subscriberDeletedDataSchema.safeParse({ ...data, subscriberId: '' }).success).toBe(false);
    expect(subscriberDeletedDataSchema.safeParse({ environmentId: 'env-1', deletedAt: data.deletedAt }).success).toBe(
      false,
    );
  });
});
