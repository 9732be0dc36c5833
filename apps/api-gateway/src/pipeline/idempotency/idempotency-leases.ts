import type { ServerResponse } from 'node:http';

import { HttpStatus, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { IdempotencyStore, StoredResponse } from './idempotency.store';

/** The lease a keyed request holds while it runs. */
interface HeldLease {
  key: string;
  owner: string;
  response: ServerResponse;
  /** When it was taken or last renewed (ms). */
  renewedAt: number;
}

/**
 * The leases of keyed requests in flight. Each is settled by the response itself (an `onSend`
 * hook), before the response leaves, so a client retrying the moment it has the answer gets a
 * replay, not a 409: a kept answer (2xx-4xx, not 429) becomes the stored response — exactly the
 * bytes sent, errors included — and a 5xx or 429 releases the key so the retry runs again. One
 * timer renews the leases of long requests (every third of the lease), so a crashed gateway frees
 * its keys within one lease; a request whose client went away stops being renewed and its lease
 * expires.
 */
@Injectable()
export class IdempotencyLeases implements OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyLeases.name);
  private readonly held = new Map<FastifyRequest, HeldLease>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: IdempotencyStore) {}

  private get renewEveryMs(): number {
    return Math.max(100, Math.floor(this.store.leaseMs / 3));
  }

  /** Holds the lease `owner` took on `key` until the request's response is sent. */
  hold(request: FastifyRequest, reply: FastifyReply, key: string, owner: string): void {
    this.held.set(request, { key, owner, response: reply.raw, renewedAt: Date.now() });
    if (!this.timer) {
      this.timer = setInterval(() => this.renewLongRunning(), this.renewEveryMs);
      this.timer.unref();
    }
  }

  /** Settles every held lease as its response goes out; call once, before the server listens. */
  settleOnSend(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const lease = this.held.get(request);
      if (!lease) return done(null, payload);
      this.held.delete(request);
      const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
      void this.settle(lease, { status: reply.statusCode, body }).then(() => done(null, payload));
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private renewLongRunning(): void {
    if (this.held.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      return;
    }
    const now = Date.now();
    for (const [request, lease] of this.held) {
      if (lease.response.destroyed || lease.response.writableEnded) {
        this.held.delete(request);
      } else if (now - lease.renewedAt >= this.renewEveryMs) {
        lease.renewedAt = now;
        void this.store.renew(lease.key, lease.owner).catch(() => undefined);
      }
    }
  }

  private async settle(lease: HeldLease, response: StoredResponse): Promise<void> {
    try {
      if (!isKept(response.status)) await this.store.release(lease.key, lease.owner);
      else if (!(await this.store.complete(lease.key, lease.owner, response)))
        this.logger.warn('idempotency lease lost before the request completed');
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
