import { Inject, Injectable } from '@nestjs/common';
import { REDIS, RedisClient } from '../redis/redis.provider';
import { RedisLuaScript } from './redis-lua.script';
import { BucketDecision, BucketPolicy, decide, effectiveCost } from './token-bucket';

// `takeTokens` of token-bucket.ts, atomically in Redis, on Redis's clock (one clock for every replica).
const TAKE = new RedisLuaScript(`
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * rate / 1000)
  at = now
end
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / rate) + 1000)
return { allowed, tostring(tokens) }
`);

/** Per-key token buckets in Redis, shared by every gateway replica. */
@Injectable()
export class TokenBucketLimiter {
  constructor(@Inject(REDIS) private readonly redis: RedisClient) {}

  /** Takes `cost` tokens from the bucket at `key` when it holds them. */
  async take(key: string, policy: BucketPolicy, cost: number): Promise<BucketDecision> {
    const reply = (await TAKE.run(this.redis, [key], [policy.capacity, policy.refillPerSecond, effectiveCost(policy, cost)])) as [number, string];
    return decide(policy, cost, reply[0] === 1, Number(reply[1]));
  }
}
