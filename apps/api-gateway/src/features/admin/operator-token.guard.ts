import { createHash, timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';

const BEARER = /^Bearer\s+(\S+)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `Authorization: Bearer <OPERATOR_TOKEN>` for the /admin routes. With no token configured the
 * routes are switched off entirely. Compared in constant time (over digests, so the length of the
 * token does not leak either). Wrong tokens count towards the address's failed authentications: past
 * the limit it gets 429 with Retry-After — even with the right token, so the lockout is no oracle
 * ({@link FailedAuthLimiter}).
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly failures: FailedAuthLimiter,
  ) {
    this.expected = config.OPERATOR_TOKEN ? digest(config.OPERATOR_TOKEN) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.expected) throw new ForbiddenException('Admin routes are disabled: set OPERATOR_TOKEN to enable them');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.failures.assertAllowed(request);
    const match = BEARER.exec(request.headers.authorization ?? '');
    const right = match !== null && timingSafeEqual(digest(match[1]), this.expected);
    if (!right) {
      // A request without a token is no guess; only wrong tokens count.
      if (match) await this.failures.recordFailure(request);
      throw new UnauthorizedException('Operator token required: send "Authorization: Bearer <OPERATOR_TOKEN>"');
    }
    return true;
  }
}
