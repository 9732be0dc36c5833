import { z } from 'zod';

import { idSchema, isoDateTimeSchema } from '../common/primitives.schema';

/**
 * Routing key: trigger-worker (outbox, in the transaction that deleted the subscriber) → every
 * gateway replica, each on its own exclusive queue, which ends the subscriber's open inbox streams.
 * Non-mandatory: with no replica bound there is no stream to end.
 */
export const SUBSCRIBER_DELETED_V1 = 'subscriber.deleted.v1' as const;

/** The data of `subscriber.deleted.v1`. */
export const subscriberDeletedDataSchema = z.object({
  environmentId: idSchema,
  /** The client's subscriberId (not the worker's row id). */
  subscriberId: idSchema,
  deletedAt: isoDateTimeSchema,
});
export type SubscriberDeletedData = z.infer<typeof subscriberDeletedDataSchema>;
