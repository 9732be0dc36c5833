import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';

import { GATEWAY_CONFIG, GatewayConfig } from '../../../core/config/gateway.config';
import { GatewayException } from '../../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../../core/errors/gateway-error-code';
import { DEFAULT_RATE_LIMIT_RULE, RATE_LIMIT_RULE, RateLimitCategory, RateLimitRule } from './rate-limit.decorator';
import { BucketDecision, BucketPolicy } from './token-bucket';

/** Redis key of an environment's bucket for a category. */
export function rateLimitKey(environmentId: string, category: RateLimitCategory): string {
  return `herald:rate-limit:${environmentId}:${category}`;
}

/** What one route draws from which bucket. */
export interface RouteRateLimit {
  rule: RateLimitRule;
  policy: BucketPolicy;
  /** The `RateLimit-Policy` header value at the rule's cost. */
  policyHeader: string;
  /** The header value without its `;cost=…`, for a request charged another cost (by audience). */
  policyHeaderBase: string;
}

/**
 * Per-environment token buckets, one per category (`trigger`, `other`): which bucket a route
 * draws from and at what cost (`@RateLimit`), the `RateLimit-*` headers every limited response
 * carries, and the 429. What a route costs is read once per handler, not per request (a route
 * charged by audience gets its cost per request from `AudienceCounter`).
 */
@Injectable()
export class RateLimitPolicies {
  private readonly policies: Record<RateLimitCategory, BucketPolicy>;
  private readonly routes = new WeakMap<object, WeakMap<object, RouteRateLimit>>();

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    this.policies = {
      trigger: { capacity: config.RATE_LIMIT_TRIGGER_BURST, refillPerSecond: config.RATE_LIMIT_TRIGGER_PER_SECOND },
      other: { capacity: config.RATE_LIMIT_OTHER_BURST, refillPerSecond: config.RATE_LIMIT_OTHER_PER_SECOND },
    };
  }

  /** The bucket and cost of the route `context` runs (metadata on the handler, else its class). */
  forRoute(context: ExecutionContext): RouteRateLimit {
    const handler = context.getHandler();
    const type = context.getClass();
    let byHandler = this.routes.get(type);
    if (!byHandler) this.routes.set(type, (byHandler = new WeakMap()));
    let route = byHandler.get(handler);
    if (!route) {
      const rule =
        this.reflector.getAllAndOverride<RateLimitRule | undefined>(RATE_LIMIT_RULE, [handler, type]) ??
        DEFAULT_RATE_LIMIT_RULE;
      const policy = this.policies[rule.category];
      const policyHeaderBase = `${policy.refillPerSecond};w=1;burst=${policy.capacity};comment="token bucket";category="${rule.category}"`;
      const policyHeader = `${policyHeaderBase};cost=${rule.cost}`;
      byHandler.set(handler, (route = { rule, policy, policyHeader, policyHeaderBase }));
    }
    return route;
  }

  /** Sets the `RateLimit-*` headers of a decision on a request that cost `cost`. */
  applyHeaders(reply: FastifyReply, route: RouteRateLimit, decision: BucketDecision, cost: number): void {
    reply.header('RateLimit-Limit', String(route.policy.capacity));
    reply.header('RateLimit-Remaining', String(decision.remaining));
    reply.header('RateLimit-Reset', String(decision.allowed ? decision.resetSeconds : decision.retryAfterSeconds));
    reply.header(
      'RateLimit-Policy',
      cost === route.rule.cost ? route.policyHeader : `${route.policyHeaderBase};cost=${cost}`,
    );
  }

  /** The 429 of a refused decision. */
  refused(route: RouteRateLimit, decision: BucketDecision): GatewayException {
    const { category } = route.rule;
    return new GatewayException(
      GatewayErrorCode.RateLimited,
      `API rate limit exceeded for the ${category} category; retry in ${decision.retryAfterSeconds} s`,
      {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      },
    );
  }
}
