import { hash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { REDIS, RedisClient } from '../../adapters/redis/redis.provider';
import { RedisLuaScript } from '../../adapters/redis/redis-lua.script';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

/** A response kept for replay. */
export interface StoredResponse {
  status: number;
  /** The JSON text sent. */
  body: string;
}

/** What `acquire` found. */
export type IdempotencyRecord =
  | { state: 'acquired' }
  | { state: 'in-progress'; fingerprint: string }
  | { state: 'completed'; fingerprint: string; response: StoredResponse };

/** Redis key of an idempotency key, scoped to the environment (the client's key is hashed: any length, any bytes). */
export function idempotencyRedisKey(environmentId: string, idempotencyKey: string): string {
  return `herald:idempotency:${environmentId}:${hash('sha256', idempotencyKey)}`;
}

/**
 * `acquire_lease(key, owner, fingerprint, lease_ms)` for Lua scripts: either the existing record
 * (`{state, fingerprint, status, body}`), or false after creating an in-progress lease owned by
 * `owner` — in one step. `toIdempotencyRecord` reads its answer.
 */
export const ACQUIRE_LEASE_LUA = `
local function acquire_lease(key, owner, fingerprint, lease_ms)
  local existing = redis.call('HMGET', key, 'state', 'fingerprint', 'status', 'body')
  if existing[1] then return existing end
  redis.call('HSET', key, 'state', 'in-progress', 'owner', owner, 'fingerprint', fingerprint)
  redis.call('PEXPIRE', key, lease_ms)
  return false
end
`;

const ACQUIRE = new RedisLuaScript(`${ACQUIRE_LEASE_LUA}
return acquire_lease(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
`);

/** The record `acquire_lease` answered (null: the lease was taken). */
export function toIdempotencyRecord(existing: readonly (string | null)[] | null): IdempotencyRecord {
  if (!existing) return { state: 'acquired' };
  const [state, storedFingerprint, status, body] = existing;
  if (state === 'completed')
    return { state, fingerprint: storedFingerprint ?? '', response: { status: Number(status), body: body ?? '' } };
  return { state: 'in-progress', fingerprint: storedFingerprint ?? '' };
}

// The lease of KEYS[1] exists, is still in progress and is ARGV[1]'s.
const OWNED_LEASE = `local lease = redis.call('HMGET', KEYS[1], 'owner', 'state')
local owned = lease[1] == ARGV[1] and lease[2] == 'in-progress'`;

const RENEW = new RedisLuaScript(`${OWNED_LEASE}
if owned then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`);

const COMPLETE = new RedisLuaScript(`${OWNED_LEASE}
if not owned then return 0 end
redis.call('HSET', KEYS[1], 'state', 'completed', 'status', ARGV[2], 'body', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`);

const RELEASE = new RedisLuaScript(`${OWNED_LEASE}
if owned then return redis.call('DEL', KEYS[1]) end return 0`);

/**
 * The idempotency state machine's storage: a Redis hash per (environment, key) that is either an
 * in-progress lease (owner, fingerprint; expires unless renewed, so a crashed gateway frees it)
 * or a completed response (kept `IDEMPOTENCY_TTL_SECONDS`). Every transition is one Lua script,
 * and only the lease's owner may renew, complete or release it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  get leaseMs(): number {
    return this.config.IDEMPOTENCY_LEASE_MS;
  }

  /** Takes an in-progress lease for `owner`, or reports the record already there. */
  async acquire(key: string, owner: string, fingerprint: string): Promise<IdempotencyRecord> {
    return toIdempotencyRecord(
      (await ACQUIRE.run(this.redis, [key], [owner, fingerprint, this.leaseMs])) as (string | null)[] | null,
    );
  }

  /** Extends the lease; false when it is no longer this owner's. */
  async renew(key: string, owner: string): Promise<boolean> {
    return (await RENEW.run(this.redis, [key], [owner, this.leaseMs])) === 1;
  }

  /** Turns the owner's lease into a completed record. */
  async complete(key: string, owner: string, response: StoredResponse): Promise<boolean> {
    return (
      (await COMPLETE.run(
        this.redis,
        [key],
        [owner, response.status, response.body, this.config.IDEMPOTENCY_TTL_SECONDS],
      )) === 1
    );
  }

  /** Drops the owner's lease so a retry runs again. */
  async release(key: string, owner: string): Promise<void> {
    await RELEASE.run(this.redis, [key], [owner]);
  }
}
