import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { REDIS, RedisClient } from '../../adapters/redis/redis.provider';
import { RedisLuaScript } from '../../adapters/redis/redis-lua.script';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';

// KEYS[1] the address's counter; ARGV[1] window ms. Counts one failure, starting the window on the first.
const RECORD = new RedisLuaScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`);

// KEYS[1] the address's counter. Answers {failures, ms left in the window}.
const PEEK = new RedisLuaScript(`
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
return {count, redis.call('PTTL', KEYS[1])}`);

/**
 * Failed authentications per client address, in fixed windows counted in Redis (so every replica
 * sees the same count): an unknown API key, a wrong operator token, a bad inbox session token or
 * subscriberHash. Past `AUTH_FAILURES_PER_ADDRESS` the address gets 429 with Retry-After before
 * anything is hashed or looked up — random keys can neither load Postgres nor flush the key cache.
 * Only presented credentials count: a request without any is no guess. When Redis fails the
 * request goes on (like the rate limits, the limit protects capacity and is not worth an outage).
 * The address is Fastify's `request.ip`, which believes X-Forwarded-For only from TRUSTED_PROXIES.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly logger = new Logger(FailedAuthLimiter.name);
  private readonly windowMs: number;
  private readonly limit: number;
  private readonly prefix: string;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(REDIS) private readonly redis: RedisClient,
  ) {
    this.windowMs = config.AUTH_FAILURE_WINDOW_SECONDS * 1000;
    this.limit = config.AUTH_FAILURES_PER_ADDRESS;
    // Test runs share one Redis; each gateway's broker prefix keeps their counters apart.
    this.prefix = `herald:${config.BROKER_NAME_PREFIX}auth-failures:`;
  }

  /** Throws 429 when `request`'s address has used up its failures in this window. */
  async assertAllowed(request: Pick<FastifyRequest, 'ip'>): Promise<void> {
    let answer: unknown;
    try {
      answer = await PEEK.run(this.redis, [this.prefix + request.ip], []);
    } catch (error) {
      this.logger.warn(`failed-authentication limit not checked: ${error instanceof Error ? error.message : error}`);
      return;
    }
    const [failures, ttlMs] = answer as [number, number];
    if (failures < this.limit) return;
    const retryAfter = Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : this.windowMs) / 1000));
    throw new GatewayException(
      GatewayErrorCode.RateLimited,
      'Too many failed authentications from this address; retry later',
      {
        headers: { 'Retry-After': String(retryAfter) },
      },
    );
  }

  /** Counts a failed authentication of `request`'s address. */
  async recordFailure(request: Pick<FastifyRequest, 'ip'>): Promise<void> {
    try {
      await RECORD.run(this.redis, [this.prefix + request.ip], [this.windowMs]);
    } catch (error) {
      this.logger.warn(`failed authentication not counted: ${error instanceof Error ? error.message : error}`);
    }
  }
}
