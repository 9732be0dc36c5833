import {
  API_KEY_REVOKED_V1,
  type Envelope,
  ENVIRONMENT_DELETED_V1,
  ORGANIZATION_SETTINGS_CHANGED_V1,
  parseMessage,
} from '@herald/contracts';
import { type MessageConsumer, Messaging } from '@herald/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';

import { ApiKeyCache } from './api-key.cache';

/** How often the listener checks that its queue is still consumed. */
const WATCH_INTERVAL_MS = 500;

/** The events that make a cached key lookup stale. */
const INVALIDATING_EVENTS = [API_KEY_REVOKED_V1, ORGANIZATION_SETTINGS_CHANGED_V1, ENVIRONMENT_DELETED_V1] as const;

/**
 * Keeps this replica's `ApiKeyCache` in step with changes made through any replica: consumes
 * `api-key.revoked.v1` (evicts the revoked keys) and `organization.settings-changed.v1` (evicts the
 * organization's keys, whose lookups carry its settings) and `environment.deleted.v1` (evicts the
 * environment's keys) on its own exclusive queue, so every
 * replica sees every event. An exclusive queue lives only while its connection does, so events
 * published while this replica was not consuming are lost to it; the cache is therefore cleared
 * whenever the queue (re)starts being consumed — the first time too, since keys may have been
 * cached before it existed.
 */
@Injectable()
export class ApiKeyCacheInvalidationListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyCacheInvalidationListener.name);
  private consumer?: MessageConsumer;
  private watch?: NodeJS.Timeout;
  private listening = false;

  constructor(
    private readonly cache: ApiKeyCache,
    @Optional() @Inject(Messaging) private readonly messaging?: Messaging,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.messaging) {
      this.logger.warn(
        'no broker connection: revoked keys and changed settings reach this replica only when its cached lookups expire',
      );
      return;
    }
    this.consumer = this.messaging.consume({
      service: 'api-gateway',
      purpose: 'api-key-cache-invalidations',
      mode: 'replica',
      routingKeys: INVALIDATING_EVENTS,
      // Two contracts on one queue: `evict` validates each against its own (`parseMessage`).
      handler: async (envelope) => this.evict(envelope),
    });
    this.watch = setInterval(() => this.checkListening(), WATCH_INTERVAL_MS);
    this.watch.unref();
  }

  /** True while invalidation events reach this replica (and the cache was cleared since they started to). */
  get isListening(): boolean {
    return this.listening;
  }

  onModuleDestroy(): void {
    clearInterval(this.watch);
  }

  private checkListening(): void {
    const ready = this.consumer?.isReady ?? false;
    if (ready && !this.listening) {
      this.cache.clear();
      this.logger.log(
        `consuming ${INVALIDATING_EVENTS.join(', ')}; API-key cache cleared (events may have been missed before)`,
      );
    }
    this.listening = ready;
  }

  /** Throws for an invalid or unexpected message: the replica queue logs and drops it. */
  private evict(envelope: Envelope): void {
    const parsed = parseMessage(envelope);
    if (!parsed.ok) throw new Error(`invalid ${parsed.type ?? 'message'}: ${parsed.issues.join('; ')}`);
    const { message } = parsed;
    switch (message.type) {
      case API_KEY_REVOKED_V1: {
        const { apiKeyIds, environmentId, reason } = message.data;
        const evicted = this.cache.evictKeys(apiKeyIds);
        this.logger.log({ msg: 'API keys revoked', environmentId, reason, keys: apiKeyIds.length, evicted });
        return;
      }
      case ORGANIZATION_SETTINGS_CHANGED_V1: {
        const { organizationId, environmentId, settings } = message.data;
        const evicted = this.cache.evictOrganization(organizationId);
        this.logger.log({ msg: 'organization settings changed', organizationId, environmentId, settings, evicted });
        return;
      }
      case ENVIRONMENT_DELETED_V1: {
        const { environmentId, organizationId } = message.data;
        const evicted = this.cache.evictEnvironment(environmentId);
        this.logger.log({ msg: 'environment deleted', organizationId, environmentId, evicted });
        return;
      }
      default:
        throw new Error(`unexpected message type ${message.type} on the API-key cache invalidation queue`);
    }
  }
}
