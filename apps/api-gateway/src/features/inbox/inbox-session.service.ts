import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { TriggerWorkerClient } from '../../adapters/trigger-worker-rpc/trigger-worker.client';
import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { ApiKeySeal } from '../../core/crypto/api-key-seal';
import { GatewayException } from '../../core/errors/gateway.exception';
import { FailedAuthLimiter } from '../../pipeline/authentication/failed-auth.limiter';
import { InboxSessionTokens, subscriberHashMatches } from '../../pipeline/authentication/inbox-session.token';
import { IntegrationService } from '../integrations/integration.service';
import { type InboxSessionBody, sessionSubscriberId } from './inbox-api.schema';
import { type InboxEnvironment, InboxEnvironmentRepository } from './inbox-environment.repository';
import { InboxNotificationsService } from './inbox-notifications.service';
import type { InboxSessionResponse } from './inbox-response.schema';

/** Who a session is for, once the request is trusted that far. */
interface SessionOwner {
  environmentId: string;
  organizationId: string;
}

/**
 * `POST /v1/inbox/session` as Novu serves it to `@novu/js` (decision 0034): the environment comes
 * from the public `applicationIdentifier`; when the environment wants HMAC, `subscriberHash` must
 * be hex HMAC-SHA-256(subscriberId) under one of its live secret keys. A valid hash lets the
 * session create or update the subscriber from the `subscriber` fields; without one it may only
 * create a subscriber that does not exist yet, never change one (no takeover of email or phone).
 */
@Injectable()
export class InboxSessionService {
  private readonly seal: ApiKeySeal;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: InboxSessionTokens,
    private readonly failures: FailedAuthLimiter,
    private readonly environments: InboxEnvironmentRepository,
    private readonly integrations: IntegrationService,
    private readonly worker: TriggerWorkerClient,
    private readonly notifications: InboxNotificationsService,
  ) {
    this.seal = ApiKeySeal.fromConfig(config);
  }

  /** The public session: every refusal counts towards the address's failed authentications. */
  async createPublic(request: FastifyRequest, body: InboxSessionBody): Promise<InboxSessionResponse> {
    await this.failures.assertAllowed(request);
    const environment = body.applicationIdentifier
      ? await this.environments.findByIdentifier(body.applicationIdentifier)
      : undefined;
    if (!environment) {
      await this.failures.recordFailure(request);
      throw new UnauthorizedException('Please provide a valid application identifier');
    }
    const subscriberId = sessionSubscriberId(body);
    const hashValid = await this.checkHash(request, environment, subscriberId, body.subscriberHash);
    await this.upsertSubscriber(environment, body, hashValid);
    const { token, expiresAt } = this.sign(environment, subscriberId, this.config.INBOX_CLIENT_TOKEN_TTL_SECONDS);
    const unreadCount = await this.notifications.unreadCount({
      environmentId: environment.environmentId,
      subscriberId,
    });
    return {
      data: {
        token,
        totalUnreadCount: unreadCount.total,
        unreadCount,
        removeNovuBranding: true,
        isDevelopmentMode: environment.name.toLowerCase() !== 'production',
        maxSnoozeDurationHours: this.config.INBOX_MAX_SNOOZE_HOURS,
        applicationIdentifier: environment.identifier,
        contextKeys: [],
        subscriberId,
        expiresAt,
      },
    };
  }

  /**
   * The API-keyed session of SSE clients (decision 0015): the caller holds the secret key, so the
   * subscriber is not touched and the answer is the one those clients always had (no counts, which
   * would need runner-in-app).
   */
  createWithApiKey(owner: SessionOwner, subscriberId: string): InboxSessionResponse {
    const { token, expiresAt } = this.sign(owner, subscriberId, this.config.INBOX_SESSION_TTL_SECONDS);
    return { data: { token, subscriberId, expiresAt } };
  }

  /** Whether the hash is valid; throws 401 when the environment requires one and it is not. */
  private async checkHash(
    request: FastifyRequest,
    environment: InboxEnvironment,
    subscriberId: string,
    given: string | undefined,
  ): Promise<boolean> {
    const required = this.config.INBOX_REQUIRE_HMAC || (await this.hmacRequired(environment));
    const secrets = await this.hmacSecrets(environment.environmentId);
    const valid = given !== undefined && secrets.some((secret) => subscriberHashMatches(secret, subscriberId, given));
    if (!required || valid) return valid;
    if (secrets.length === 0)
      throw new UnauthorizedException(
        'HMAC is on for this environment, but none of its API keys can sign subscriber hashes: keys issued before ' +
          'Herald kept them sealed cannot. Rotate a key (herald key rotate) and compute subscriberHash with the new one',
      );
    await this.failures.recordFailure(request);
    throw new UnauthorizedException('Please provide a valid HMAC hash');
  }

  /** As Novu: the in-app integration's `credentials.hmac` decides; without one, the environment's default. */
  private async hmacRequired(environment: InboxEnvironment): Promise<boolean> {
    const integrations = await this.integrations.listForRunner(environment.environmentId, 'in_app');
    const stated = integrations.find((integration) => typeof integration.credentials.hmac === 'boolean');
    return stated ? stated.credentials.hmac === true : environment.inboxHmac;
  }

  /** The environment's live secret keys that have a sealed copy, newest first, then INBOX_HMAC_SECRET. */
  private async hmacSecrets(environmentId: string): Promise<string[]> {
    const keys = await this.environments.sealedKeys(environmentId);
    const opened = keys.map((key) => this.seal.open(environmentId, key.keyHash, key.sealed));
    const secrets = opened.filter((key): key is string => key !== undefined);
    return this.config.INBOX_HMAC_SECRET ? [...secrets, this.config.INBOX_HMAC_SECRET] : secrets;
  }

  private async upsertSubscriber(environment: InboxEnvironment, body: InboxSessionBody, hashValid: boolean) {
    const subscriberId = sessionSubscriberId(body);
    const fields = typeof body.subscriber === 'object' ? body.subscriber : {};
    const given = Object.fromEntries(
      Object.entries(fields).filter(([key, value]) => key !== 'subscriberId' && value !== undefined),
    );
    try {
      await this.worker.call(environment.environmentId, 'subscribers.create.v1', {
        organizationId: environment.organizationId,
        subscriber: { ...given, subscriberId },
        failIfExists: !hashValid,
      });
    } catch (error) {
      // Without a valid hash an existing subscriber stays as it is; the session still opens.
      if (!(error instanceof GatewayException && error.status === 409)) throw error;
    }
  }

  private sign(owner: SessionOwner, subscriberId: string, ttlSeconds: number) {
    const issuedAt = Date.now();
    const expiresAt = issuedAt + ttlSeconds * 1000;
    const token = this.tokens.sign({
      environmentId: owner.environmentId,
      organizationId: owner.organizationId,
      subscriberId,
      expiresAt,
      issuedAt,
    });
    return { token, expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString() };
  }
}
