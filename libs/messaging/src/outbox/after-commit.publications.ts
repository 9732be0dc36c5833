import { type BatchProcessor, managerOf, type Tx } from '@herald/persistence';
import type { DataSource, EntityManager } from 'typeorm';

import { describeError, type MessagingLogger, stderrMessagingLogger } from '../logging/messaging-logger';
import type { MessagePublisher } from '../publisher/message-publisher';
import { type OutboxMessage, writeToOutbox } from './outbox.writer';

const collecting = new WeakMap<EntityManager, OutboxMessage[]>();

/**
 * Makes `publishAfterCommit` collect this transaction's messages instead of writing them to the
 * outbox, and answers the list (decision 0048). The caller must publish it once the transaction
 * commits (`publishCollected`) and before it acks the message whose handling decided them — and,
 * when that message comes back (the process died in between), publish what it decided again.
 */
export function collectPublications(manager: EntityManager): OutboxMessage[] {
  const list: OutboxMessage[] = [];
  collecting.set(manager, list);
  return list;
}

/**
 * Messages to publish once the caller's transaction commits: collected when the transaction was
 * opened for it (`collectPublications`), else written to `<schema>.outbox` for the relay.
 */
export async function publishAfterCommit(
  transaction: EntityManager | Tx,
  schema: string,
  messages: readonly OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const list = collecting.get(managerOf(transaction as Tx));
  if (list) list.push(...messages);
  else await writeToOutbox(transaction, schema, messages);
}

/** Where `publishCollected` publishes, and where what the broker did not confirm goes instead. */
export interface CollectedPublicationsTarget {
  publisher: Pick<MessagePublisher, 'publish'>;
  dataSource: DataSource;
  /** Schema of the outbox that takes what could not be published. */
  schema: string;
  logger?: MessagingLogger;
}

/**
 * Publishes collected messages with confirms. Those the broker did not confirm are written to the
 * outbox in a transaction of their own, so the relay keeps trying them as it would have from the
 * start; resolves once every message is confirmed or stored, and rejects (the caller's message
 * is then not acked, and its redelivery publishes again) only when neither was possible.
 */
export async function publishCollected(
  target: CollectedPublicationsTarget,
  messages: readonly OutboxMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const results = await Promise.allSettled(
    messages.map((message) =>
      target.publisher.publish(message.envelope, {
        routingKey: message.routingKey,
        headers: message.headers,
        mandatory: message.mandatory,
      }),
    ),
  );
  const failed = messages.filter((_, index) => results[index].status === 'rejected');
  if (failed.length === 0) return;
  const firstError = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
  (target.logger ?? stderrMessagingLogger).warn('published after commit: not confirmed, handed to the outbox', {
    schema: target.schema,
    count: failed.length,
    firstError: describeError(firstError.reason),
  });
  await target.dataSource.transaction((manager) => writeToOutbox(manager, target.schema, failed));
}

/** A batch input's result, and the publication its caller awaits before acking (one for the whole batch). */
export interface PublishedAfterCommit<R> {
  result: R;
  publish: () => Promise<void>;
}

/**
 * Wraps a `TransactionBatcher` processor so that what its transaction decides with
 * `publishAfterCommit` is collected and published once, after the commit: each input's caller
 * awaits `publish()` (shared by the batch) before it acks its message. A batch that fails is
 * processed again input by input, each with a fresh list; nothing of the failed one is published.
 */
export function publishingAfterCommit<I, R>(
  target: CollectedPublicationsTarget,
  process: BatchProcessor<I, R>,
): BatchProcessor<I, PublishedAfterCommit<R>> {
  return async (manager, inputs) => {
    const collected = collectPublications(manager);
    const results = await process(manager, inputs);
    let publishing: Promise<void> | undefined;
    const publish = () => (publishing ??= publishCollected(target, collected));
    return results.map((result) => ({ result, publish }));
  };
}
