import type { Envelope } from '@herald/contracts';

import type { BrokerConnection } from '../connection/broker-connection';
import type { MessagingLogger } from '../logging/messaging-logger';
import type { MessagingMetrics } from '../metrics/messaging.metrics';
import type { DataSchema } from '../publisher/envelope-codec';
import type { MessagePublisher } from '../publisher/message-publisher';
import type { TopologyNames } from '../topology/topology-names';
import type { ExclusiveGate } from './exclusive-gate';
import type { MessageHeaders } from './herald-headers';
import type { PoisonPolicyOptions } from './poison-guard';
import type { RetryPolicyOptions } from './retry-policy';

/** What a handler learns about the delivery besides the envelope. */
export interface MessageContext {
  queue: string;
  /** The routing key the message was first published with. */
  routingKey: string;
  /** 1 for the first try; grows with each retry through a tier. */
  attempt: number;
  /** The broker delivered it before (e.g. a consumer died holding it): check the ledger. */
  redelivered: boolean;
  /** Handled from the suspect lane: nothing else of the process runs meanwhile (decision 0030). */
  alone?: boolean;
  headers: MessageHeaders;
}

/** A message handler. Resolve to ack; throw to retry (then dead-letter). */
export type MessageHandler<T> = (envelope: Envelope<T>, context: MessageContext) => Promise<void>;

/** A message being quarantined: what the consumer knows of it, for the hook that records the failure. */
export interface QuarantinedMessage<T> {
  /** Absent when the message is not a valid envelope (it is dead-lettered all the same). */
  envelope?: Envelope<T>;
  /** The reason, also in `x-herald-quarantine-reason` (e.g. `quarantined: crashed its consumer 3 times …`). */
  reason: string;
  crashes: number;
  queue: string;
  routingKey: string;
}

/**
 * Records that a quarantined message failed (e.g. a FAILED job, a failed trigger in the activity
 * feed) before it is dead-lettered. Must be idempotent: a crash after it runs brings the message
 * back and it runs again. Throwing leaves the message in the lane for the next poll.
 */
export type QuarantineHook<T> = (quarantined: QuarantinedMessage<T>) => Promise<void>;

/** What to consume and how. */
export interface MessageConsumerOptions<T> {
  service: string;
  purpose: string;
  /**
   * `work` (default): the durable quorum queue `<service>.<purpose>` shared by all replicas, with
   * retry tiers and a dead-letter queue. `replica`: an exclusive auto-delete queue per process for
   * events every replica must see; a failing handler there is logged and the message dropped.
   */
  mode?: 'work' | 'replica';
  /** Routing keys (topic patterns) bound to the queue. */
  routingKeys: readonly string[];
  handler: MessageHandler<T>;
  /** Validates `data`; a message failing it (or the envelope schema) is dead-lettered at once. */
  dataSchema?: DataSchema<T>;
  /** Unacked deliveries at a time, i.e. handler concurrency (default 20). */
  prefetch?: number;
  retry?: RetryPolicyOptions;
  /** Broker-side `x-delivery-limit` safety net (default 20). */
  deliveryLimit?: number;
  /** How long `stop()` waits for in-flight handlers (default 30 s). */
  drainTimeoutMs?: number;
  /** Work queues: records the failure of a message before it is quarantined (decision 0030). */
  onQuarantine?: QuarantineHook<T>;
  /** Overrides the process-wide crash threshold of the poison guard. */
  quarantineAfterCrashes?: number;
}

/** Shared pieces a consumer runs on. */
export interface MessageConsumerDependencies {
  connection: BrokerConnection;
  /** Republishes to retry tiers and `.dead` with confirms. */
  publisher: MessagePublisher;
  names: TopologyNames;
  logger?: MessagingLogger;
  metrics?: MessagingMetrics;
  /** Shared by the consumers of one process, so a suspect runs with nothing else in flight (default: its own). */
  gate?: ExclusiveGate;
  /** The poison guard's settings (decision 0030). */
  poison?: PoisonPolicyOptions;
}
