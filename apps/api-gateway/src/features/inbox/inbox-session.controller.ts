import { Body, Controller, HttpCode, Inject, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { OpenApi } from '../../core/openapi/openapi.decorator';
import { ApiKeyAuthenticator } from '../../pipeline/authentication/api-key.authenticator';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';
import { subscriberHashMatches } from '../../pipeline/authentication/inbox-session.token';
import { ZodValidationPipe } from '../../pipeline/validation/zod-validation.pipe';
import { InboxSessionBody, inboxSessionBodySchema, sessionSubscriberId } from './inbox-api.schema';
import { type InboxSessionResponse, inboxSessionResponseSchema } from './inbox-response.schema';
import { InboxSessionService } from './inbox-session.service';

/**
 * `POST /v1/inbox/session`, public as in Novu: `@novu/js` names the environment by its
 * `applicationIdentifier` and gets the token its later calls carry as `Authorization: Bearer`
 * (decision 0034). A request with `Authorization: ApiKey` is the SSE clients' session of decision
 * 0015 and keeps its answer; with `INBOX_REQUIRE_HMAC` its `subscriberHash` must be
 * HMAC-SHA-256(INBOX_HMAC_SECRET or the API key, subscriberId).
 */
@OpenApi({ tag: 'Inbox' })
@Controller('v1/inbox')
export class InboxSessionController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly sessions: InboxSessionService,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly failures: FailedAuthLimiter,
  ) {}

  @Post('session')
  @HttpCode(201)
  @OpenApi({ response: inboxSessionResponseSchema })
  async create(
    @Req() request: FastifyRequest,
    @Body(new ZodValidationPipe(inboxSessionBodySchema)) body: InboxSessionBody,
  ): Promise<InboxSessionResponse> {
    if (!/^ApiKey\s/i.test(request.headers.authorization ?? '')) return this.sessions.createPublic(request, body);
    const environment = await this.apiKeys.authenticate(request);
    const subscriberId = sessionSubscriberId(body);
    if (this.config.INBOX_REQUIRE_HMAC) {
      const secret = this.config.INBOX_HMAC_SECRET || apiKeyOf(request);
      await this.failures.assertAllowed(request);
      if (!subscriberHashMatches(secret, subscriberId, body.subscriberHash)) {
        await this.failures.recordFailure(request);
        throw new UnauthorizedException('Please provide a valid HMAC hash');
      }
    }
    return this.sessions.createWithApiKey(environment, subscriberId);
  }
}

/** The raw key the authenticator accepted (`Authorization: ApiKey <key>`). */
function apiKeyOf(request: FastifyRequest): string {
  return (request.headers.authorization ?? '').replace(/^ApiKey\s+/i, '').trim();
}
