import { Inject, Injectable } from '@nestjs/common';

import { REDIS, RedisClient } from '../../adapters/redis/redis.provider';
import { RedisLuaScript } from '../../adapters/redis/redis-lua.script';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ACQUIRE_LEASE_LUA, IdempotencyRecord, toIdempotencyRecord } from '../idempotency/idempotency.store';
import { BucketDecision, BucketPolicy, decide } from './rate-limit/token-bucket';
import { TAKE_TOKENS_LUA } from './rate-limit/token-bucket.lua';

// KEYS[1]: the bucket ('' for none), KEYS[2]: the idempotency record ('' for none).
// ARGV: capacity, refill per second, cost, lease owner, fingerprint, lease ms.
// A refused request takes no lease: a 429 leaves no key behind.
const ADMIT = new RedisLuaScript(`${TAKE_TOKENS_LUA}${ACQUIRE_LEASE_LUA}
local allowed, tokens = 1, ''
if KEYS[1] ~= '' then
  local took, left = take_tokens(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
  allowed, tokens = took, tostring(left)
end
if allowed == 0 or KEYS[2] == '' then return { allowed, tokens } end
local existing = acquire_lease(KEYS[2], ARGV[4], ARGV[5], ARGV[6])
if existing then return { allowed, tokens, existing } end
return { allowed, tokens }
`);

/** The bucket a request draws from. */
export interface BucketDraw {
  key: string;
  policy: BucketPolicy;
  cost: number;
}

/** The idempotency lease a keyed request asks for. */
export interface LeaseRequest {
  key: string;
  owner: string;
  fingerprint: string;
}

/** What admission decided: the bucket's answer and, when it allowed the request, the lease's. */
export interface Admission {
  /** Absent when no bucket was drawn from. */
  decision?: BucketDecision;
  /** Absent when no lease was asked for, or when the bucket refused (then nothing was taken). */
  record?: IdempotencyRecord;
}

/**
 * Rate limit and idempotency lease in one Redis round trip: one Lua script takes the request's
 * tokens and, only when it may run, takes the lease of its idempotency key (or reports the record
 * already there). The same steps, in the same order, as taking them one by one.
 */
@Injectable()
export class AdmissionStore {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async admit(bucket: BucketDraw | undefined, lease: LeaseRequest | undefined): Promise<Admission> {
    const reply = (await ADMIT.run(
      this.redis,
      [bucket?.key ?? '', lease?.key ?? ''],
      [
        bucket?.policy.capacity ?? 0,
        bucket?.policy.refillPerSecond ?? 0,
        bucket?.cost ?? 0,
        lease?.owner ?? '',
        lease?.fingerprint ?? '',
        this.config.IDEMPOTENCY_LEASE_MS,
      ],
    )) as [number, string, (string | null)[]?];
    const [allowed, tokens, existing] = reply;
    const admission: Admission = {};
    if (bucket) admission.decision = decide(bucket.policy, bucket.cost, allowed === 1, Number(tokens));
    if (lease && allowed === 1) admission.record = toIdempotencyRecord(existing ?? null);
    return admission;
  }
}
