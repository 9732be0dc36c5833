import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { InboxScope } from '../../adapters/runner-in-app-rpc/inbox-rpc.client';
import { FailedAuthLimiter } from './failed-auth.limiter';
import { InboxSession, InboxSessionTokens } from './inbox-session.token';

/** A request the inbox token guard admitted: one subscriber of one environment. */
export type InboxRequest = FastifyRequest & { inboxSession: InboxSession };

/** What an inbox route is about: the token's environment and subscriber, never a parameter's. */
export function inboxScopeOf(request: InboxRequest): InboxScope {
  return { environmentId: request.inboxSession.environmentId, subscriberId: request.inboxSession.subscriberId };
}

/**
 * Routes behind `Authorization: Bearer <inbox session token>` (what `@novu/js` sends after
 * `POST /v1/inbox/session`): the token names the environment and the subscriber, and every call a
 * route makes is scoped to both. A missing, forged or expired token is a 401; forged and expired
 * ones count towards the address's failed authentications (`FailedAuthLimiter`).
 */
@Injectable()
export class InboxTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: InboxSessionTokens,
    private readonly failures: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<InboxRequest>();
    const header = request.headers.authorization;
    const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token) throw new UnauthorizedException('Inbox session token not found: send "Authorization: Bearer <token>"');
    await this.failures.assertAllowed(request);
    const verdict = this.tokens.verify(token);
    if (!verdict.ok) {
      await this.failures.recordFailure(request);
      throw new UnauthorizedException(
        verdict.reason === 'expired' ? 'Inbox session token expired' : 'Invalid inbox session token',
      );
    }
    request.inboxSession = verdict.session;
    return true;
  }
}
