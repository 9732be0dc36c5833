import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';

const BEARER = /^Bearer\s+(\S+)$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `Authorization: Bearer <OPERATOR_TOKEN>` for the /admin routes. With no token configured the
 * routes are switched off entirely. Compared in constant time (over digests, so the length of the
 * token does not leak either).
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.expected = config.OPERATOR_TOKEN ? digest(config.OPERATOR_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new ForbiddenException('Admin routes are disabled: set OPERATOR_TOKEN to enable them');
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = BEARER.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthorizedException('Operator token required: send "Authorization: Bearer <OPERATOR_TOKEN>"');
    }
    return true;
  }
}
