import { Inject, Injectable } from '@nestjs/common';

import { RefreshAheadCache } from '../../core/cache/refresh-ahead.cache';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { AuthenticatedEnvironment } from './api-key.repository';

/** A key's environment, or null when there is no such live key (cached too). */
export type ApiKeyLookup = AuthenticatedEnvironment | null;

/**
 * Recent key lookups (by `ApiKeyHasher.digest` of the key), so authentication does not hit Postgres per request. This
 * in-process cache is the only cache layer of API keys: loaded once for all concurrent requests with a key and
 * reloaded ahead of expiry (`RefreshAheadCache`). Revocations and organization settings changes evict entries on
 * every replica (`api-key.revoked.v1`, `organization.settings-changed.v1`, see `ApiKeyCacheInvalidationListener`), and
 * a lookup that started before an eviction is neither cached nor handed to requests arriving after it (it may have read
 * the key before its revocation committed); `API_KEY_CACHE_TTL_MS` only bounds how long a replica that missed an event
 * keeps a stale lookup.
 */
@Injectable()
export class ApiKeyCache {
  private readonly cache: RefreshAheadCache<string, ApiKeyLookup>;

  constructor(@Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'API_KEY_CACHE_TTL_MS'>) {
    this.cache = new RefreshAheadCache({ ttlMs: config.API_KEY_CACHE_TTL_MS });
  }

  /** The cached lookup (undefined on a miss); reloads it with `load` in the background when it is due. */
  peek(digest: string, load: () => Promise<ApiKeyLookup>): ApiKeyLookup | undefined {
    return this.cache.peek(digest, load);
  }

  /** The cached lookup, or `load`'s, shared with the concurrent requests presenting the same key. */
  get(digest: string, load: () => Promise<ApiKeyLookup>): Promise<ApiKeyLookup> {
    return this.cache.get(digest, load);
  }

  /** Drops the keys with these ids; their next request reads the database. Answers how many were cached. */
  evictKeys(apiKeyIds: readonly string[]): number {
    const ids = new Set(apiKeyIds);
    return this.cache.invalidateWhere((lookup) => lookup !== null && ids.has(lookup.apiKeyId));
  }

  /** Drops every key of an organization (its settings changed); returns how many were cached. */
  evictOrganization(organizationId: string): number {
    return this.cache.invalidateWhere((lookup) => lookup?.organizationId === organizationId);
  }

  /** Drops every key of an environment (it was deleted); returns how many were cached. */
  evictEnvironment(environmentId: string): number {
    return this.cache.invalidateWhere((lookup) => lookup?.environmentId === environmentId);
  }

  /** Drops everything (e.g. after this replica may have missed invalidation events). */
  clear(): void {
    this.cache.clear();
  }
}
