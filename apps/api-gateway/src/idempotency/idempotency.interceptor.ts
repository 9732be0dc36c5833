import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { catchError, finalize, from, mergeMap, Observable, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import type { AuthenticatedEnvironment } from '../auth/api-key.repository';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { toErrorResponse } from '../errors/error-response';
import { GatewayErrorCode } from '../errors/gateway-error-code';
import { GatewayException } from '../errors/gateway.exception';
import { RawResponseException } from '../errors/raw-response.exception';
import { IDEMPOTENCY_REPLAY_HEADER, idempotencyKeyOf, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';
import { IdempotencyStore, idempotencyRedisKey, StoredResponse } from './idempotency.store';
import { requestFingerprint } from './request-fingerprint';

/**
 * Novu's idempotency state machine for POST and PATCH with an `idempotency-key`, scoped to the
 * environment: the first request takes a lease and runs; a duplicate while it runs is a 409
 * (`Retry-After: 1`); after it completed, the same status and body are replayed with
 * `Idempotency-Replay: true`; the same key with another body (canonical-JSON fingerprint) is a
 * 422. 5xx and 429 answers are not kept — the key is released so the retry can succeed.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly store: IdempotencyStore,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!this.config.IDEMPOTENCY_ENABLED || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { environment?: AuthenticatedEnvironment | null }>();
    const key = idempotencyKeyOf(request);
    // Routes without an environment (operator routes) have no scope to keep keys in.
    if (key === undefined || !request.environment) return next.handle();
    if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw keyTooLong(key);

    const redisKey = idempotencyRedisKey(request.environment.environmentId, key);
    const fingerprint = requestFingerprint(request.method, request.originalUrl, request.body);
    const owner = randomUUID();
    const record = await this.store.acquire(redisKey, owner, fingerprint).catch((error: unknown) => {
      this.logger.warn(`idempotency store failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new GatewayException(GatewayErrorCode.IdempotencyStoreUnavailable, 'The idempotency store is unavailable; nothing was done. Retry later', {
        headers: { 'Retry-After': '1' },
      });
    });
    if (record.state !== 'acquired' && record.fingerprint !== fingerprint) {
      throw new GatewayException(GatewayErrorCode.IdempotencyKeyReused, `Request with key "${key}" is being reused for a different body`, {
        errors: { 'idempotency-key': { messages: ['was already used for a different request'], value: key } },
      });
    }
    if (record.state === 'in-progress') {
      throw new GatewayException(GatewayErrorCode.IdempotencyKeyInProgress, `Request with key "${key}" is currently being processed. Please retry after 1 second`, {
        headers: { 'Retry-After': '1' },
      });
    }
    if (record.state === 'completed') {
      throw new RawResponseException(record.response.status, record.response.body, { [IDEMPOTENCY_REPLAY_HEADER]: 'true', 'Idempotency-Key': key });
    }
    return this.run(context, next, redisKey, owner);
  }

  private run(context: ExecutionContext, next: CallHandler, redisKey: string, owner: string): Observable<unknown> {
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const path = context.switchToHttp().getRequest<AuthenticatedRequest>().url;
    const renewal = setInterval(() => void this.store.renew(redisKey, owner).catch(() => undefined), Math.max(100, Math.floor(this.store.leaseMs / 3)));
    renewal.unref();
    return next.handle().pipe(
      // Stored before the response leaves: a client retrying the moment it has the answer gets a replay, not a 409.
      mergeMap((value) => from(this.settle(redisKey, owner, { status: response.statusCode, body: JSON.stringify(value) ?? '' })).pipe(mergeMap(() => [value]))),
      catchError((error: unknown) => {
        const rendered = toErrorResponse(error, path);
        const stored = { status: rendered.status, body: JSON.stringify(rendered.body) };
        // A kept error goes out exactly as stored, so its replays are identical; a released one is rendered (and logged) by the filter.
        const sent = isKept(rendered.status) ? new RawResponseException(stored.status, stored.body, rendered.headers) : error;
        return from(this.settle(redisKey, owner, stored)).pipe(mergeMap(() => throwError(() => sent)));
      }),
      finalize(() => clearInterval(renewal)),
    );
  }

  private async settle(redisKey: string, owner: string, response: StoredResponse): Promise<void> {
    try {
      if (!isKept(response.status)) await this.store.release(redisKey, owner);
      else if (!(await this.store.complete(redisKey, owner, response))) this.logger.warn('idempotency lease lost before the request completed');
    } catch (error) {
      // The answer still goes out; the lease expires and a retry runs again (its derived transactionId is de-duplicated downstream).
      this.logger.warn(`idempotency result not stored: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** 5xx and 429 answers say "try again": keeping them would make the retry fail forever. */
function isKept(status: number): boolean {
  return status < HttpStatus.INTERNAL_SERVER_ERROR && status !== HttpStatus.TOO_MANY_REQUESTS;
}

function keyTooLong(key: string): GatewayException {
  const message = `idempotency-key "${key.slice(0, 32)}…" has exceeded the maximum allowed length of ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`;
  return new GatewayException(GatewayErrorCode.InvalidIdempotencyKey, message, { errors: [{ field: 'idempotency-key', message, value: key }] });
}
