import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { API_KEY_REVOKED_V1, apiKeyRevokedDataSchema, type ApiKeyRevokedData, type Envelope } from '@herald/contracts';
import { Messaging, type MessageConsumer } from '@herald/messaging';
import { ApiKeyCache } from './api-key.cache';

/** How often the listener checks that its queue is still consumed. */
const WATCH_INTERVAL_MS = 500;

/**
 * Evicts revoked keys from this replica's `ApiKeyCache`: consumes `api-key.revoked.v1` on its
 * own exclusive queue (every replica sees every revocation). An exclusive queue lives only while
 * its connection does, so events published while this replica was not consuming are lost to it;
 * the cache is therefore cleared whenever the queue (re)starts being consumed — the first time
 * too, since keys may have been cached before it existed.
 */
@Injectable()
export class ApiKeyRevocationListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyRevocationListener.name);
  private consumer?: MessageConsumer<ApiKeyRevokedData>;
  private watch?: NodeJS.Timeout;
  private listening = false;

  constructor(
    private readonly cache: ApiKeyCache,
    @Optional() @Inject(Messaging) private readonly messaging?: Messaging,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.messaging) {
      this.logger.warn('no broker connection: revoked keys reach this replica only when its cached lookups expire');
      return;
    }
    this.consumer = this.messaging.consume<ApiKeyRevokedData>({
      service: 'api-gateway',
      purpose: 'api-key-revocations',
      mode: 'replica',
      routingKeys: [API_KEY_REVOKED_V1],
      dataSchema: apiKeyRevokedDataSchema,
      handler: async (envelope) => this.evict(envelope),
    });
    this.watch = setInterval(() => this.checkListening(), WATCH_INTERVAL_MS);
    this.watch.unref();
  }

  /** True while revocation events reach this replica (and the cache was cleared since they started to). */
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
      this.logger.log('consuming api-key.revoked.v1; API-key cache cleared (events may have been missed before)');
    }
    this.listening = ready;
  }

  private evict(envelope: Envelope<ApiKeyRevokedData>): void {
    const { apiKeyIds, environmentId, reason } = envelope.data;
    const evicted = this.cache.evictKeys(apiKeyIds);
    this.logger.log({ msg: 'API keys revoked', environmentId, reason, keys: apiKeyIds.length, evicted });
  }
}
