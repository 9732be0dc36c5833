import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { AuthenticatedEnvironment } from '../auth/api-key.repository';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { GatewayErrorCode } from '../errors/gateway-error-code';
import { GatewayException } from '../errors/gateway.exception';
import { DEFAULT_RATE_LIMIT_RULE, RATE_LIMIT_RULE, RateLimitCategory, RateLimitRule } from './rate-limit.decorator';
import { BucketPolicy } from './token-bucket';
import { TokenBucketLimiter } from './token-bucket.limiter';

/** Redis key of an environment's bucket for a category. */
export function rateLimitKey(environmentId: string, category: RateLimitCategory): string {
  return `herald:rate-limit:${environmentId}:${category}`;
}

/**
 * Per-environment token buckets, one per category (`trigger`, `other`), on every authenticated
 * route: `RateLimit-*` headers on each response, 429 with `Retry-After` when empty. Runs after
 * the guards (it needs the environment) and before idempotency, so a refused request leaves no
 * key behind. When Redis fails the request goes through: limits protect capacity, they are not
 * worth an outage.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  private readonly logger = new Logger(RateLimitInterceptor.name);
  private readonly policies: Record<RateLimitCategory, BucketPolicy>;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly limiter: TokenBucketLimiter,
    private readonly reflector: Reflector,
  ) {
    this.policies = {
      trigger: { capacity: config.RATE_LIMIT_TRIGGER_BURST, refillPerSecond: config.RATE_LIMIT_TRIGGER_PER_SECOND },
      other: { capacity: config.RATE_LIMIT_OTHER_BURST, refillPerSecond: config.RATE_LIMIT_OTHER_PER_SECOND },
    };
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!this.config.RATE_LIMIT_ENABLED || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { environment?: AuthenticatedEnvironment | null }>();
    if (!request.environment) return next.handle();
    const rule =
      this.reflector.getAllAndOverride<RateLimitRule | undefined>(RATE_LIMIT_RULE, [context.getHandler(), context.getClass()]) ?? DEFAULT_RATE_LIMIT_RULE;
    const policy = this.policies[rule.category];
    let decision;
    try {
      decision = await this.limiter.take(rateLimitKey(request.environment.environmentId, rule.category), policy, rule.cost);
    } catch (error) {
      this.logger.warn(`rate limit not applied, Redis failed: ${error instanceof Error ? error.message : String(error)}`);
      return next.handle();
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    reply.header('RateLimit-Limit', String(policy.capacity));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    reply.header('RateLimit-Reset', String(decision.allowed ? decision.resetSeconds : decision.retryAfterSeconds));
    reply.header(
      'RateLimit-Policy',
      `${policy.refillPerSecond};w=1;burst=${policy.capacity};comment="token bucket";category="${rule.category}";cost=${rule.cost}`,
    );
    if (!decision.allowed) {
      throw new GatewayException(GatewayErrorCode.RateLimited, `API rate limit exceeded for the ${rule.category} category; retry in ${decision.retryAfterSeconds} s`, {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
    return next.handle();
  }
}
