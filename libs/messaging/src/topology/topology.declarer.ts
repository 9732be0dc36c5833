import type { Channel } from 'amqplib';

import {
  deadLetterQueueOptions,
  replicaQueueOptions,
  retryQueueOptions,
  rpcQueueOptions,
  suspectQueueOptions,
  workQueueOptions,
} from './queue-arguments';
import { deadLetterQueueName, retryQueueName, suspectQueueName } from './topology-names';

/** A shared work queue, its bindings, its dead-letter queue, its suspect lane and its retry tiers. */
export interface WorkQueueTopology {
  exchange: string;
  queue: string;
  routingKeys: readonly string[];
  /** One `<queue>.retry.<ms>` tier per distinct delay. */
  retryDelaysMs: readonly number[];
  deliveryLimit?: number;
}

/** A per-replica queue and its bindings. */
export interface ReplicaQueueTopology {
  exchange: string;
  queue: string;
  routingKeys: readonly string[];
}

/** Declares the durable topic exchange (idempotent). */
export async function declareExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.assertExchange(exchange, 'topic', { durable: true });
}

/**
 * Declares a work queue with everything around it, idempotently: re-running it on every
 * (re)connect is safe as long as the arguments do not change.
 */
export async function declareWorkQueue(channel: Channel, topology: WorkQueueTopology): Promise<void> {
  await declareExchange(channel, topology.exchange);
  await channel.assertQueue(deadLetterQueueName(topology.queue), deadLetterQueueOptions());
  for (const delayMs of topology.retryDelaysMs) {
    await channel.assertQueue(retryQueueName(topology.queue, delayMs), retryQueueOptions(topology.queue, delayMs));
  }
  await channel.assertQueue(topology.queue, workQueueOptions(topology.queue, topology.deliveryLimit));
  await declareSuspectQueue(channel, topology.queue, topology.deliveryLimit);
  for (const key of topology.routingKeys) await channel.bindQueue(topology.queue, topology.exchange, key);
}

/** Declares `<queue>.suspect` (idempotent); its dead-letter queue must exist. */
export async function declareSuspectQueue(channel: Channel, workQueue: string, deliveryLimit?: number): Promise<void> {
  await channel.assertQueue(suspectQueueName(workQueue), suspectQueueOptions(workQueue, deliveryLimit));
}

/** Declares an exclusive, auto-deleted queue for this replica and binds it. */
export async function declareReplicaQueue(channel: Channel, topology: ReplicaQueueTopology): Promise<void> {
  await declareExchange(channel, topology.exchange);
  await channel.assertQueue(topology.queue, replicaQueueOptions());
  for (const key of topology.routingKeys) await channel.bindQueue(topology.queue, topology.exchange, key);
}

/** Declares the quorum queue an RPC server consumes. */
export async function declareRpcQueue(channel: Channel, queue: string): Promise<void> {
  await channel.assertQueue(queue, rpcQueueOptions());
}
