import type { Channel, ChannelModel, GetMessage, Message } from 'amqplib';
import * as amqp from 'amqplib';

import { buildReplayHeaders } from '../consumer/herald-headers';
import { deadLetterQueueName, workQueueOf } from '../topology/topology-names';
import { DeadLetterSummary, summarizeDeadLetter } from './dead-letter-summary';

/** `dlq list` output. */
export interface DeadLetterListing {
  queue: string;
  deadQueue: string;
  /** Messages in the dead-letter queue. */
  count: number;
  /** Up to `limit` of them, oldest first. */
  messages: DeadLetterSummary[];
}

/** A dead letter with its body (the operator console shows it; `dlq list` does not). */
export interface DeadLetterDetail extends DeadLetterSummary {
  /** The body as UTF-8 text, cut at `maxBodyBytes`. */
  body: string;
  bodyTruncated: boolean;
}

const REPLAY_BATCH = 100;

/**
 * Operator tooling for dead-letter queues: list what is in `<queue>.dead` (without bodies) and
 * replay it into `<queue>`. Opens its own short-lived connection.
 */
export class DeadLetterAdmin {
  private constructor(private readonly model: ChannelModel) {}

  /** Connects to the broker (fails fast when unreachable). */
  static async connect(url: string, connectionName = 'herald-cli:dlq'): Promise<DeadLetterAdmin> {
    const model = await amqp.connect(url, { timeout: 5_000, clientProperties: { connection_name: connectionName } });
    model.on('error', () => undefined);
    return new DeadLetterAdmin(model);
  }

  /**
   * Lists dead letters of `queue` (`<queue>` or `<queue>.dead`, prefix included). Messages are
   * fetched unacked and handed back when the channel closes, so nothing is consumed.
   */
  async list(queue: string, options: { limit?: number } = {}): Promise<DeadLetterListing> {
    return this.read(queue, options, (message) => summarizeDeadLetter(message.properties));
  }

  /** As {@link list}, with each message's body (UTF-8, at most `maxBodyBytes`, default 16 KiB). */
  async listWithBodies(
    queue: string,
    options: { limit?: number; maxBodyBytes?: number } = {},
  ): Promise<DeadLetterListing & { messages: DeadLetterDetail[] }> {
    const maxBodyBytes = options.maxBodyBytes ?? 16_384;
    return this.read(queue, options, (message) => ({
      ...summarizeDeadLetter(message.properties),
      body: message.content.subarray(0, maxBodyBytes).toString('utf8'),
      bodyTruncated: message.content.length > maxBodyBytes,
    }));
  }

  private async read<T extends DeadLetterSummary>(
    queue: string,
    options: { limit?: number },
    describe: (message: GetMessage) => T,
  ): Promise<DeadLetterListing & { messages: T[] }> {
    const workQueue = workQueueOf(queue);
    const deadQueue = deadLetterQueueName(workQueue);
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined);
    try {
      const { messageCount } = await checkQueue(channel, deadQueue);
      const messages: T[] = [];
      const limit = Math.min(options.limit ?? 100, messageCount);
      while (messages.length < limit) {
        const message = await channel.get(deadQueue, { noAck: false });
        if (!message) break;
        messages.push(describe(message));
      }
      return { queue: workQueue, deadQueue, count: messageCount, messages };
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /**
   * Moves up to `limit` (default: all present at the start) dead letters back into the work
   * queue with a fresh attempt counter. Each is removed from `.dead` only after the broker
   * confirmed its copy in the work queue. Returns how many were replayed.
   */
  async replay(queue: string, options: { limit?: number } = {}): Promise<{ replayed: number }> {
    const workQueue = workQueueOf(queue);
    const deadQueue = deadLetterQueueName(workQueue);
    const channel = await this.model.createConfirmChannel();
    channel.on('error', () => undefined);
    const returned = new Set<string>();
    channel.on('return', (message: Message) => returned.add(String(message.properties.messageId)));
    try {
      await checkQueue(channel, workQueue); // fails before anything moves if the queue is gone
      const { messageCount } = await checkQueue(channel, deadQueue);
      const total = Math.min(options.limit ?? messageCount, messageCount);
      let replayed = 0;
      while (replayed < total) {
        const batch: GetMessage[] = [];
        while (batch.length < Math.min(REPLAY_BATCH, total - replayed)) {
          const message = await channel.get(deadQueue, { noAck: false });
          if (!message) break;
          batch.push(message);
        }
        if (batch.length === 0) break;
        const now = new Date();
        await Promise.all(
          batch.map(
            (message) =>
              new Promise<void>((resolve, reject) => {
                const { contentType, contentEncoding, messageId, type, timestamp, correlationId, appId } =
                  message.properties;
                const headers = buildReplayHeaders(message.properties.headers, now);
                channel.sendToQueue(
                  workQueue,
                  message.content,
                  {
                    contentType,
                    contentEncoding,
                    messageId,
                    type,
                    timestamp,
                    correlationId,
                    appId,
                    persistent: true,
                    headers,
                    mandatory: true,
                  },
                  (error: unknown) =>
                    error
                      ? reject(new Error(`broker did not confirm the replayed message ${String(messageId)}`))
                      : resolve(),
                );
              }),
          ),
        );
        for (const message of batch) {
          if (returned.has(String(message.properties.messageId)))
            throw new Error(
              `message ${String(message.properties.messageId)} was returned by the broker; left in ${deadQueue}`,
            );
          channel.ack(message);
          replayed += 1;
        }
      }
      return { replayed };
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}

async function checkQueue(channel: Channel, queue: string): Promise<{ messageCount: number }> {
  try {
    return await channel.checkQueue(queue);
  } catch (error) {
    if ((error as { code?: unknown }).code === 404)
      throw new Error(`queue "${queue}" does not exist (check the name and the name prefix)`);
    throw error;
  }
}
