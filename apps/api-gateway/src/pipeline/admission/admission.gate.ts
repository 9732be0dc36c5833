import { randomUUID } from 'node:crypto';

import { ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { GATEWAY_CONFIG, GatewayConfig } from '../../core/config/gateway.config';
import { GatewayException } from '../../core/errors/gateway.exception';
import { GatewayErrorCode } from '../../core/errors/gateway-error-code';
import { RawResponseException } from '../../core/errors/raw-response.exception';
import type { AuthenticatedEnvironment } from '../authentication/api-key.repository';
import { idempotencyRedisKey } from '../idempotency/idempotency.store';
import {
  IDEMPOTENCY_KEY_ECHO_HEADER,
  IDEMPOTENCY_REPLAY_HEADER,
  idempotencyKeyOf,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../idempotency/idempotency-key';
import { IdempotencyLeases } from '../idempotency/idempotency-leases';
import { requestFingerprint } from '../idempotency/request-fingerprint';
import { Admission, AdmissionStore, BucketDraw, LeaseRequest } from './admission.store';
import { AudienceCounter } from './rate-limit/audience-counter';
import { rateLimitKey, RateLimitPolicies } from './rate-limit/rate-limit.policies';

/** A request the gate let through; `idempotencyKey` is set when the request holds that key's lease. */
export type AdmittedRequest = FastifyRequest & { idempotencyKey?: string };

/**
 * What every authenticated request passes before its handler runs, in this order:
 * - the rate limit — a token bucket per (environment, category), `RateLimit-*` headers on the
 *   response, 429 with `Retry-After` when empty. Trigger routes cost the size of their audience
 *   (`AudienceCounter`; a bucket may go into debt, decision 0033). When Redis fails the request
 *   goes through: limits protect capacity, they are not worth an outage;
 * - idempotency, on POST and PATCH with an `idempotency-key` while it is on (`IDEMPOTENCY_ENABLED`
 *   and the organization's switch; else the key is ignored), in Novu's state machine: the first
 *   request takes a lease and runs (`IdempotencyLeases` settles it as the response goes out); a
 *   duplicate while it runs is a 409 (`Retry-After: 1`); after it completed, the same status and
 *   body are replayed with `Idempotency-Replay: true`; the same key with another body
 *   (canonical-JSON fingerprint) is a 422. If Redis fails, a keyed request is a 503: the client
 *   asked for a guarantee we cannot give.
 * Both take one Redis round trip (`AdmissionStore`); a refused request takes no lease, so a 429
 * leaves no key behind. Runs from the API-key guard, right after authentication: no interceptor
 * (and no RxJS pipeline) sits on the trigger route.
 */
@Injectable()
export class AdmissionGate {
  private readonly logger = new Logger(AdmissionGate.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: AdmissionStore,
    private readonly rateLimits: RateLimitPolicies,
    private readonly leases: IdempotencyLeases,
    private readonly audience: AudienceCounter,
  ) {}

  /** Admits the request or throws the answer it gets instead (429, 400, 409, 422, a replay, 503). */
  async admit(context: ExecutionContext, environment: AuthenticatedEnvironment): Promise<void> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const route = this.config.RATE_LIMIT_ENABLED ? this.rateLimits.forRoute(context) : undefined;
    const bucket: BucketDraw | undefined = route && {
      key: rateLimitKey(environment.environmentId, route.rule.category),
      policy: route.policy,
      cost: route.rule.audience
        ? await this.audience.cost(route.rule.audience, request.body, environment.environmentId, route.policy)
        : route.rule.cost,
    };
    const key = this.idempotencyKeyHonoured(request, reply, environment);
    const lease: LeaseRequest | undefined =
      key !== undefined && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH
        ? {
            key: idempotencyRedisKey(environment.environmentId, key),
            owner: randomUUID(),
            fingerprint: requestFingerprint(request.method, request.originalUrl, request.body),
          }
        : undefined;
    if (!bucket && !lease) {
      if (key !== undefined) throw keyTooLong(key);
      return;
    }

    const admission = await this.ask(bucket, lease);
    if (route && bucket && admission.decision) {
      this.rateLimits.applyHeaders(reply, route, admission.decision, bucket.cost);
      if (!admission.decision.allowed) throw this.rateLimits.refused(route, admission.decision);
    }
    if (key === undefined) return;
    if (!lease) throw keyTooLong(key);

    const record = admission.record ?? { state: 'acquired' };
    if (record.state === 'acquired') {
      (request as AdmittedRequest).idempotencyKey = key;
      this.leases.hold(request, reply, lease.key, lease.owner);
      return;
    }
    if (record.fingerprint !== lease.fingerprint) {
      throw new GatewayException(
        GatewayErrorCode.IdempotencyKeyReused,
        `Request with key "${key}" is being reused for a different body`,
        {
          errors: { 'idempotency-key': { messages: ['was already used for a different request'], value: key } },
        },
      );
    }
    if (record.state === 'in-progress') {
      throw new GatewayException(
        GatewayErrorCode.IdempotencyKeyInProgress,
        `Request with key "${key}" is currently being processed. Please retry after 1 second`,
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
    throw new RawResponseException(record.response.status, record.response.body, {
      [IDEMPOTENCY_REPLAY_HEADER]: 'true',
      [IDEMPOTENCY_KEY_ECHO_HEADER]: key,
    });
  }

  /**
   * The request's key when idempotency is on for it (globally and for the environment's
   * organization). When it is off the key means nothing: no lease, no replay, no echo, and the
   * trigger's transactionId is not derived from it.
   */
  private idempotencyKeyHonoured(
    request: FastifyRequest,
    reply: FastifyReply,
    environment: AuthenticatedEnvironment,
  ): string | undefined {
    const key = idempotencyKeyOf(request);
    if (key === undefined || (this.config.IDEMPOTENCY_ENABLED && environment.idempotencyEnabled)) return key;
    reply.removeHeader(IDEMPOTENCY_KEY_ECHO_HEADER);
    return undefined;
  }

  private async ask(bucket: BucketDraw | undefined, lease: LeaseRequest | undefined): Promise<Admission> {
    try {
      return await this.store.admit(bucket, lease);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!lease) {
        this.logger.warn(`rate limit not applied, Redis failed: ${reason}`);
        return {};
      }
      this.logger.warn(`idempotency store failed: ${reason}`);
      throw new GatewayException(
        GatewayErrorCode.IdempotencyStoreUnavailable,
        'The idempotency store is unavailable; nothing was done. Retry later',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
  }
}

function keyTooLong(key: string): GatewayException {
  const message = `idempotency-key "${key.slice(0, 32)}…" has exceeded the maximum allowed length of ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  return new GatewayException(GatewayErrorCode.InvalidIdempotencyKey, message, {
    errors: [{ field: 'idempotency-key', message, value: key }],
  });
}
