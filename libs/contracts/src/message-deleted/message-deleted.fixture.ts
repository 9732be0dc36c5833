import { randomUUID } from 'node:crypto';

import type { MessageDeletedData } from './message-deleted.contract';

/** A valid `message.deleted.v1` data of an in-app message; `overrides` win, shallowly. */
export function buildMessageDeletedFixture(overrides: Partial<MessageDeletedData> = {}): MessageDeletedData {
  return {
    environmentId: randomUUID(),
    messageId: randomUUID(),
    deliveredMessageId: randomUUID(),
    jobId: randomUUID(),
    transactionId: randomUUID(),
    subscriberId: 'ada-lovelace',
    channel: 'in_app',
    ...overrides,
  };
}
