import {
  type Envelope,
  ENVIRONMENT_DELETED_V1,
  INBOX_MESSAGE_CREATED_V1,
  type InboxMessage,
  type InboxMessageCreatedData,
  inboxMessageCreatedDataSchema,
  parseMessage,
  SUBSCRIBER_DELETED_V1,
} from '@herald/contracts';
import { type MessageConsumer, Messaging } from '@herald/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import type { InboxSession } from '../../pipeline/authentication/inbox-session.token';
import { StreamTombstones } from './stream-tombstones';

/**
 * What the hub hands a subscriber's new messages to: an SSE stream (`InboxStream`) or a socket.io
 * connection (`features/inbox-realtime`). Both count against the same caps.
 */
export interface InboxStreamMember {
  offer(message: InboxMessage): void;
  close(): void;
}

/** Whose streams a message goes to. */
function streamKey(environmentId: string, subscriberId: string): string {
  return `${environmentId}\u0000${subscriberId}`;
}

/** The events that end streams: their subscriber or their whole environment is gone. */
const CLOSING_EVENTS = [SUBSCRIBER_DELETED_V1, ENVIRONMENT_DELETED_V1] as const;

/** Open streams one replica accepts per subscriber and per environment. */
export interface StreamCaps {
  perSubscriber: number;
  perEnvironment: number;
}

/**
 * This replica's open inbox streams, fed from its own exclusive queue of
 * `inbox.message-created.v1` (every replica sees every new message and pushes it to the
 * streams it holds). A second replica queue takes `subscriber.deleted.v1` and
 * `environment.deleted.v1`, ends the streams of who was deleted wherever they are held, and
 * remembers the deletion so a token issued before it opens no new stream.
 * Streams are ended first on shutdown, so clients reconnect elsewhere.
 */
@Injectable()
export class InboxStreamHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InboxStreamHub.name);
  private readonly streams = new Map<string, Set<InboxStreamMember>>();
  private readonly perEnvironment = new Map<string, number>();
  private consumer?: MessageConsumer<InboxMessageCreatedData>;
  private closures?: MessageConsumer;
  private readonly tombstones: StreamTombstones;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Optional() @Inject(Messaging) private readonly messaging?: Messaging,
  ) {
    this.tombstones = new StreamTombstones(config.INBOX_SESSION_TTL_SECONDS * 1000);
  }

  onApplicationBootstrap(): void {
    if (!this.messaging) {
      this.logger.warn('no broker connection: inbox streams get no live messages');
      return;
    }
    this.consumer = this.messaging.consume<InboxMessageCreatedData>({
      service: 'api-gateway',
      purpose: 'inbox-stream',
      mode: 'replica',
      routingKeys: [INBOX_MESSAGE_CREATED_V1],
      dataSchema: inboxMessageCreatedDataSchema,
      prefetch: 200,
      handler: async (envelope) => this.dispatch(envelope),
    });
    this.closures = this.messaging.consume({
      service: 'api-gateway',
      purpose: 'inbox-stream-closures',
      mode: 'replica',
      routingKeys: CLOSING_EVENTS,
      // Two contracts on one queue: `closeDeleted` validates each against its own (`parseMessage`).
      handler: async (envelope) => this.closeDeleted(envelope),
    });
  }

  /** True once this replica's queues are consumed (a stream opened before may miss live messages or deletions). */
  get isListening(): boolean {
    return (this.consumer?.isReady ?? false) && (this.closures?.isReady ?? false);
  }

  /** Number of open streams on this replica. */
  get openStreams(): number {
    let count = 0;
    for (const set of this.streams.values()) count += set.size;
    return count;
  }

  /** Whether one more stream of this subscriber fits under both caps (`undefined`), or which cap it hits. */
  refusal(environmentId: string, subscriberId: string, caps: StreamCaps): 'subscriber' | 'environment' | undefined {
    if ((this.streams.get(streamKey(environmentId, subscriberId))?.size ?? 0) >= caps.perSubscriber)
      return 'subscriber';
    if ((this.perEnvironment.get(environmentId) ?? 0) >= caps.perEnvironment) return 'environment';
    return undefined;
  }

  /** Adds a stream; it receives the subscriber's new messages until it is removed. */
  add(environmentId: string, subscriberId: string, stream: InboxStreamMember): () => void {
    const key = streamKey(environmentId, subscriberId);
    let set = this.streams.get(key);
    if (!set) this.streams.set(key, (set = new Set()));
    set.add(stream);
    this.perEnvironment.set(environmentId, (this.perEnvironment.get(environmentId) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const current = this.streams.get(key);
      current?.delete(stream);
      if (current?.size === 0) this.streams.delete(key);
      const left = (this.perEnvironment.get(environmentId) ?? 1) - 1;
      if (left > 0) this.perEnvironment.set(environmentId, left);
      else this.perEnvironment.delete(environmentId);
    };
  }

  onModuleDestroy(): void {
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.close();
  }

  /**
   * True when the session's subscriber or environment was deleted after its token was issued: such
   * a token opens no stream or socket. A token without its issue time (from an earlier version) is
   * taken as issued `legacyLifetimeMs` before its expiry. Issue times are rounded down to the
   * second, so a token issued within a second after the deletion is refused too.
   */
  sessionEnded(session: InboxSession, legacyLifetimeMs: number): boolean {
    const deletedAt = this.tombstones.deletedAt(session.environmentId, session.subscriberId);
    if (deletedAt === undefined) return false;
    return (session.issuedAt ?? session.expiresAt - legacyLifetimeMs) <= deletedAt;
  }

  /** Ends every stream of one subscriber on this replica; returns how many. */
  closeSubscriber(environmentId: string, subscriberId: string): number {
    return closeAll([...(this.streams.get(streamKey(environmentId, subscriberId)) ?? [])]);
  }

  /** Ends every stream of one environment on this replica; returns how many. */
  closeEnvironment(environmentId: string): number {
    const prefix = streamKey(environmentId, '');
    const doomed: InboxStreamMember[] = [];
    for (const [key, set] of this.streams) if (key.startsWith(prefix)) doomed.push(...set);
    return closeAll(doomed);
  }

  /** Throws for an invalid or unexpected message: the replica queue logs and drops it. */
  private closeDeleted(envelope: Envelope): void {
    const parsed = parseMessage(envelope);
    if (!parsed.ok) throw new Error(`invalid ${parsed.type ?? 'message'}: ${parsed.issues.join('; ')}`);
    const { message } = parsed;
    switch (message.type) {
      case SUBSCRIBER_DELETED_V1: {
        const { environmentId, subscriberId, deletedAt } = message.data;
        this.tombstones.recordSubscriber(environmentId, subscriberId, Date.parse(deletedAt));
        const closed = this.closeSubscriber(environmentId, subscriberId);
        if (closed > 0) this.logger.log({ msg: 'inbox streams of a deleted subscriber ended', environmentId, closed });
        return;
      }
      case ENVIRONMENT_DELETED_V1: {
        const { environmentId, deletedAt } = message.data;
        this.tombstones.recordEnvironment(environmentId, Date.parse(deletedAt));
        const closed = this.closeEnvironment(environmentId);
        if (closed > 0) this.logger.log({ msg: 'inbox streams of a deleted environment ended', environmentId, closed });
        return;
      }
      default:
        throw new Error(`unexpected message type ${message.type} on the inbox stream closure queue`);
    }
  }

  private dispatch(envelope: Envelope<InboxMessageCreatedData>): void {
    const { environmentId, message } = envelope.data;
    const set = this.streams.get(streamKey(environmentId, message.subscriberId));
    if (!set) return;
    for (const stream of set) stream.offer(message);
  }
}

/** Closes each stream (each removes itself from the hub) and counts them. */
function closeAll(streams: InboxStreamMember[]): number {
  for (const stream of streams) stream.close();
  return streams.length;
}
