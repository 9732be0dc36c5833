import { Envelope } from '@herald/contracts';
import { managerOf, type Tx } from '@herald/persistence';
import type { EntityManager } from 'typeorm';

import { quoteSchema } from '../sql/schema-identifier';

/** One message to publish once the caller's transaction commits. */
export interface OutboxMessage {
  envelope: Envelope<unknown>;
  /** Defaults to the envelope's `type`. */
  routingKey?: string;
  headers?: Record<string, unknown>;
  /**
   * Default true: the relay keeps retrying until a queue takes the message. False for events
   * only live listeners care about (per-replica queues): unroutable is then fine, not an error.
   */
  mandatory?: boolean;
}

/**
 * Writes messages to `<schema>.outbox` with the caller's EntityManager or `Tx`, inside the caller's
 * transaction: they exist (and will be relayed) if and only if that transaction commits.
 * One set-based INSERT however many messages there are.
 */
export async function writeToOutbox(
  transaction: EntityManager | Tx,
  schema: string,
  messages: OutboxMessage | readonly OutboxMessage[],
): Promise<void> {
  const manager = managerOf(transaction as Tx); // a Tx is an EntityManager underneath
  const list = Array.isArray(messages) ? (messages as readonly OutboxMessage[]) : [messages as OutboxMessage];
  if (list.length === 0) return;
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      'writeToOutbox must run inside a transaction (use the EntityManager your transaction callback received)',
    );
  }
  const rows = list.map((message) => ({
    envelope: message.envelope,
    routingKey: message.routingKey ?? message.envelope.type,
    headers: message.headers ?? {},
    mandatory: message.mandatory ?? true,
  }));
  await manager.query(
    `INSERT INTO ${quoteSchema(schema)}.outbox (message_id, routing_key, envelope, headers, mandatory)
     SELECT (m->'envelope'->>'id')::uuid, m->>'routingKey', m->'envelope', m->'headers', (m->>'mandatory')::boolean
     FROM jsonb_array_elements($1::jsonb) AS m`,
    [JSON.stringify(rows)],
  );
}
