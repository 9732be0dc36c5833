import type { Options } from 'amqplib';

import { deadLetterQueueName } from './topology-names';

/** Default `x-delivery-limit`: a safety net against messages that crash a consumer over and over. */
export const DEFAULT_DELIVERY_LIMIT = 20;

// Quorum queues dead-letter at-most-once unless told otherwise; at-least-once needs reject-publish.
const AT_LEAST_ONCE_DEAD_LETTERING = {
  'x-dead-letter-strategy': 'at-least-once',
  'x-overflow': 'reject-publish',
} as const;

/**
 * A durable quorum work queue that dead-letters to `<queue>.dead` (used by the broker only when
 * the delivery limit is hit; the consumer dead-letters itself, with a reason, otherwise).
 */
export function workQueueOptions(queue: string, deliveryLimit = DEFAULT_DELIVERY_LIMIT): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueueName(queue),
      'x-delivery-limit': deliveryLimit,
      ...AT_LEAST_ONCE_DEAD_LETTERING,
    },
  };
}

/**
 * A fixed-delay retry tier: every message in it has the same TTL (so none blocks another at the
 * head), and on expiry the broker dead-letters it straight back to the work queue.
 */
export function retryQueueOptions(workQueue: string, delayMs: number): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': delayMs,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': workQueue,
      ...AT_LEAST_ONCE_DEAD_LETTERING,
    },
  };
}

/**
 * The suspect lane of a work queue: a durable quorum queue, so its `x-delivery-count` counts the
 * times a consumer died while handling a message alone. Nothing routes to it; consumers move
 * suspects in. The same delivery limit dead-letters to `.dead` as a last safety net.
 */
export function suspectQueueOptions(workQueue: string, deliveryLimit = DEFAULT_DELIVERY_LIMIT): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': deadLetterQueueName(workQueue),
      'x-delivery-limit': deliveryLimit,
      ...AT_LEAST_ONCE_DEAD_LETTERING,
    },
  };
}

/**
 * The dead-letter queue is a durable classic queue: it is browsed by get-and-requeue (`dlq list`),
 * which a quorum queue would count as deliveries and, with a delivery limit, eventually drop.
 */
export function deadLetterQueueOptions(): Options.AssertQueue {
  return { durable: true, arguments: { 'x-queue-type': 'classic' } };
}

/** The quorum queue an RPC server consumes; requests carry their own TTL (the caller's timeout). */
export function rpcQueueOptions(): Options.AssertQueue {
  return { durable: true, arguments: { 'x-queue-type': 'quorum' } };
}

/** A per-replica queue: gone with the replica's connection. */
export function replicaQueueOptions(): Options.AssertQueue {
  return { durable: false, exclusive: true, autoDelete: true };
}
