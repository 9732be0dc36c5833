import { Body, Controller, HttpCode, Inject, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeyGuard, AuthenticatedRequest } from '../../pipeline/authentication/api-key.guard';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { InboxSessionBody, inboxSessionBodySchema } from './inbox-request.schema';
import { InboxSessionTokens, subscriberHashMatches } from './inbox-session.token';

/**
 * `POST /v1/inbox/session`: a short-lived token for one subscriber's SSE stream. With
 * `INBOX_REQUIRE_HMAC`, `subscriberHash` must be HMAC-SHA-256(secret, subscriberId) — the secret
 * being `INBOX_HMAC_SECRET` or else the API key of the request — so a browser holding a token can
 * only have been given it for the subscriber the customer's backend vouched for.
 */
@Controller('v1/inbox')
@UseGuards(ApiKeyGuard)
export class InboxSessionController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: InboxSessionTokens,
    private readonly failures: FailedAuthLimiter,
  ) {}

  @Post('session')
  @HttpCode(201)
  async create(
    @Req() request: AuthenticatedRequest,
    @Body(new ZodValidationPipe(inboxSessionBodySchema)) body: InboxSessionBody,
  ) {
    if (this.config.INBOX_REQUIRE_HMAC) {
      const secret = this.config.INBOX_HMAC_SECRET || apiKeyOf(request);
      await this.failures.assertAllowed(request);
      if (!subscriberHashMatches(secret, body.subscriberId, body.subscriberHash)) {
        await this.failures.recordFailure(request);
        throw new UnauthorizedException('Please provide a valid HMAC hash');
      }
    }
    const expiresAt = Date.now() + this.config.INBOX_SESSION_TTL_SECONDS * 1000;
    const { environmentId, organizationId } = request.environment;
    const token = this.tokens.sign({ environmentId, organizationId, subscriberId: body.subscriberId, expiresAt });
    return {
      data: {
        token,
        subscriberId: body.subscriberId,
        expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
      },
    };
  }
}

/** The raw key the guard already accepted (`Authorization: ApiKey <key>`). */
function apiKeyOf(request: AuthenticatedRequest): string {
  return (request.headers.authorization ?? '').replace(/^ApiKey\s+/, '').trim();
}
