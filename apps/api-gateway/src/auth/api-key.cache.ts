import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { AuthenticatedEnvironment } from './api-key.repository';

const MAX_ENTRIES = 10_000;

interface Entry {
  value: AuthenticatedEnvironment | null;
  expiresAt: number;
}

/** Taken before a database lookup; `set` refuses to cache the lookup if an eviction happened since. */
export type CacheTicket = number;

/**
 * Recent key lookups (by `ApiKeyHasher.digest` of the key), so authentication does not hit Postgres per request. This
 * in-process map is the only cache layer of API keys. Revocations and organization settings changes
 * evict entries on every replica (`api-key.revoked.v1`, `organization.settings-changed.v1`, see
 * `ApiKeyCacheInvalidationListener`); `API_KEY_CACHE_TTL_MS` only bounds how long a replica that
 * missed an event keeps a stale lookup.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Key id → cache key, for evictions by id (events never carry keys or hashes). */
  private readonly digestsById = new Map<string, string>();
  private readonly ttlMs: number;
  private evictions = 0;

  constructor(@Inject(GATEWAY_CONFIG) config: Pick<GatewayConfig, 'API_KEY_CACHE_TTL_MS'>) {
    this.ttlMs = config.API_KEY_CACHE_TTL_MS;
  }

  get(digest: string): AuthenticatedEnvironment | null | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.delete(digest);
      return undefined;
    }
    return entry.value;
  }

  /** Call before looking a key up in the database, and pass the ticket to `set`. */
  ticket(): CacheTicket {
    return this.evictions;
  }

  /**
   * Caches a lookup (`null`: no such live key), unless an eviction happened after `ticket` was
   * taken: a lookup that read the key before its revocation committed must not put it back after
   * the eviction.
   */
  set(digest: string, value: AuthenticatedEnvironment | null, ticket: CacheTicket = this.evictions): void {
    if (ticket !== this.evictions) return;
    if (!this.entries.has(digest) && this.entries.size >= MAX_ENTRIES) this.delete(this.entries.keys().next().value as string);
    this.entries.set(digest, { value, expiresAt: Date.now() + this.ttlMs });
    if (value) this.digestsById.set(value.apiKeyId, digest);
  }

  /** Drops the keys with these ids; their next request reads the database. */
  evictKeys(apiKeyIds: readonly string[]): number {
    this.evictions += 1;
    let evicted = 0;
    for (const id of apiKeyIds) {
      const digest = this.digestsById.get(id);
      if (digest !== undefined && this.delete(digest)) evicted += 1;
    }
    return evicted;
  }

  /** Drops every key of an organization (its settings changed); returns how many were cached. */
  evictOrganization(organizationId: string): number {
    this.evictions += 1;
    let evicted = 0;
    for (const [digest, entry] of this.entries) if (entry.value?.organizationId === organizationId && this.delete(digest)) evicted += 1;
    return evicted;
  }

  /** Drops everything (e.g. after this replica may have missed invalidation events). */
  clear(): void {
    this.evictions += 1;
    this.entries.clear();
    this.digestsById.clear();
  }

  private delete(digest: string): boolean {
    const entry = this.entries.get(digest);
    if (!entry) return false;
    this.entries.delete(digest);
    if (entry.value && this.digestsById.get(entry.value.apiKeyId) === digest) this.digestsById.delete(entry.value.apiKeyId);
    return true;
  }
}
