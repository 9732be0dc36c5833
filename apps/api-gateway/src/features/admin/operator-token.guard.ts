import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { GatewayException } from '../../core/errors/gateway.exception';
import { FailedAttempts } from './failed-attempts';

const BEARER = /^Bearer\s+(\S+)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `Authorization: Bearer <OPERATOR_TOKEN>` for the /admin routes. With no token configured the
 * routes are switched off entirely. Compared in constant time (over digests, so the length of the
 * token does not leak either). An address that fails too often gets 429 with Retry-After — even
 * with the right token, so the lockout is no oracle (see {@link FailedAttempts}).
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;
  private readonly failures = new FailedAttempts();

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.expected = config.OPERATOR_TOKEN ? digest(config.OPERATOR_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new ForbiddenException('Admin routes are disabled: set OPERATOR_TOKEN to enable them');
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const retryAfter = this.failures.retryAfterSeconds(request.ip);
    if (retryAfter > 0) {
      throw new GatewayException(GatewayErrorCode.RateLimited, 'Too many wrong operator tokens from this address; retry later', { headers: { 'Retry-After': String(retryAfter) } });
    }
    const match = BEARER.exec(request.headers.authorization ?? '');
    const right = match !== null && timingSafeEqual(digest(match[1]), this.expected);
    if (!right) {
      // A request without a token is no guess; only wrong tokens count.
      if (match) this.failures.recordFailure(request.ip);
      throw new UnauthorizedException('Operator token required: send "Authorization: Bearer <OPERATOR_TOKEN>"');
    }
    this.failures.recordSuccess(request.ip);
    return true;
  }
}
