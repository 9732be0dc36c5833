import { Injectable } from '@nestjs/common';
import { AuthenticatedEnvironment } from './api-key.repository';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Keeps recent key lookups in memory so authentication does not hit Postgres per request.
 * Entries expire after 30 s, which bounds how long a revoked key keeps working on a replica that
 * missed the invalidation event.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, { value: AuthenticatedEnvironment | null; expiresAt: number }>();

  get(keyHash: string): AuthenticatedEnvironment | null | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt < Date.now()) {
      this.entries.delete(keyHash);
      return undefined;
    }
    return entry.value;
  }

  set(keyHash: string, value: AuthenticatedEnvironment | null): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(keyHash, { value, expiresAt: Date.now() + TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}
