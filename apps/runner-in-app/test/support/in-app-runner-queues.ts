import { deadLetterQueueName, Messaging, retryQueueName, suspectQueueName, TopologyNames } from '@herald/messaging';
import { RUNNER_CHANNELS } from '@herald/runner-kit';
import { RUNNER_TEST_RETRY_DELAYS_MS, testServiceUrls } from '@herald/testing';
import * as amqp from 'amqplib';

import { MESSAGE_DELETIONS_PURPOSE } from '../../src/handlers/message-deleted.handler';

/** The runner's deletions work queue under `prefix`. */
export function messageDeletionsQueue(prefix: string): string {
  return new TopologyNames({ namePrefix: prefix }).workQueue(RUNNER_CHANNELS.in_app.app, MESSAGE_DELETIONS_PURPOSE);
}

/** Deliveries of the deletions queue the runner handled with `outcome` (`acked`, `retried`, `dead-lettered`), from its metrics. */
export async function handledDeletions(messaging: Messaging, prefix: string, outcome = 'acked'): Promise<number> {
  const queue = messageDeletionsQueue(prefix);
  const { values } = await messaging.metrics!.consumed.get();
  return values
    .filter((value) => value.labels.queue === queue && value.labels.outcome === outcome)
    .reduce((sum, value) => sum + value.value, 0);
}

/**
 * Deletes the runner's work queues under `prefix` (`purposes`, by default the deletions queue),
 * each with its retry tiers and dead-letter queue: RunnerTestWorld removes only the dispatch queue.
 */
export async function deleteInAppRunnerQueues(
  prefix: string,
  purposes: readonly string[] = [MESSAGE_DELETIONS_PURPOSE],
): Promise<void> {
  const names = new TopologyNames({ namePrefix: prefix });
  const queues = purposes.map((purpose) => names.workQueue(RUNNER_CHANNELS.in_app.app, purpose));
  const connection = await amqp.connect(testServiceUrls().amqpUrl);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    for (const queue of queues) {
      const tiers = RUNNER_TEST_RETRY_DELAYS_MS.map((delay) => retryQueueName(queue, delay));
      for (const name of [queue, deadLetterQueueName(queue), suspectQueueName(queue), ...tiers]) {
        await channel.deleteQueue(name).catch(() => undefined);
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}
