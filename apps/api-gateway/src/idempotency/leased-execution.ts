import { CallHandler, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { catchError, finalize, from, mergeMap, Observable, throwError } from 'rxjs';
import { toErrorResponse } from '../errors/error-response';
import { RawResponseException } from '../errors/raw-response.exception';
import { IdempotencyStore, StoredResponse } from './idempotency.store';

/** A lease this request holds on its idempotency key. */
export interface HeldLease {
  key: string;
  owner: string;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Runs a keyed request's handler under its lease: renews the lease while it runs, then turns the
 * lease into the stored response — before the response leaves, so a client retrying the moment it
 * has the answer gets a replay, not a 409. 5xx and 429 answers are not kept: the lease is released
 * so the retry runs again. A kept error goes out exactly as stored, so its replays are identical.
 */
export class LeasedExecution {
  private readonly logger = new Logger(LeasedExecution.name);

  constructor(private readonly store: IdempotencyStore) {}

  run(next: CallHandler, reply: FastifyReply, path: string, lease: HeldLease): Observable<unknown> {
    const renewal = setInterval(() => void this.store.renew(lease.key, lease.owner).catch(() => undefined), Math.max(100, Math.floor(this.store.leaseMs / 3)));
    renewal.unref();
    return next.handle().pipe(
      mergeMap(async (value) => {
        const body = JSON.stringify(value);
        await this.settle(lease, { status: reply.statusCode, body: body ?? '' });
        if (body === undefined) return value;
        // Sent as stored, serialized once.
        void reply.type(JSON_CONTENT_TYPE);
        return body;
      }),
      catchError((error: unknown) => {
        const rendered = toErrorResponse(error, path);
        const stored = { status: rendered.status, body: JSON.stringify(rendered.body) };
        // A released error is rendered (and logged) by the filter.
        const sent = isKept(rendered.status) ? new RawResponseException(stored.status, stored.body, rendered.headers) : error;
        return from(this.settle(lease, stored)).pipe(mergeMap(() => throwError(() => sent)));
      }),
      finalize(() => clearInterval(renewal)),
    );
  }

  private async settle(lease: HeldLease, response: StoredResponse): Promise<void> {
    try {
      if (!isKept(response.status)) await this.store.release(lease.key, lease.owner);
      else if (!(await this.store.complete(lease.key, lease.owner, response))) this.logger.warn('idempotency lease lost before the request completed');
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
