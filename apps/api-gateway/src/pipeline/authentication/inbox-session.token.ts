import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an inbox session token grants: one subscriber's stream in one environment, until `expiresAt`. */
export interface InboxSession {
  environmentId: string;
  organizationId: string;
  subscriberId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Epoch milliseconds (rounded down to the second); absent in tokens issued before it was carried. */
  issuedAt?: number;
}

/** Why a token was refused. */
export type InboxSessionRefusal = 'malformed' | 'bad_signature' | 'expired';

interface TokenPayload {
  v: 1;
  e: string;
  o: string;
  s: string;
  /** Epoch seconds. */
  x: number;
  /** Issued at, epoch seconds. */
  i?: number;
}

/**
 * Signs and verifies inbox session tokens: `<base64url(json)>.<base64url(HMAC-SHA-256)>`. Stateless,
 * so any gateway replica sharing the secret accepts a token another replica issued. Tokens are
 * signed with the current secret only; during a rotation the previous secret still verifies.
 */
export class InboxSessionTokens {
  private readonly verifying: string[];

  constructor(
    private readonly secret: string,
    previousSecret = '',
  ) {
    this.verifying = previousSecret ? [secret, previousSecret] : [secret];
  }

  /** Issues a token for `session` (its `expiresAt` is rounded down to the second). */
  sign(session: InboxSession): string {
    const payload: TokenPayload = {
      v: 1,
      e: session.environmentId,
      o: session.organizationId,
      s: session.subscriberId,
      x: Math.floor(session.expiresAt / 1000),
      ...(session.issuedAt !== undefined ? { i: Math.floor(session.issuedAt / 1000) } : {}),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${signature(this.secret, body)}`;
  }

  /** The session a token grants at `now`, or why it is refused. */
  verify(
    token: string,
    now = Date.now(),
  ): { ok: true; session: InboxSession } | { ok: false; reason: InboxSessionRefusal } {
    const [body, given, extra] = token.split('.');
    if (!body || !given || extra !== undefined || token.length > 2048) return { ok: false, reason: 'malformed' };
    // Compared as text in its one canonical encoding: `<sig>=` or `<sig>!!!` decode to the same
    // bytes, but they are not the signature this server wrote, so they do not verify.
    if (!this.verifying.some((secret) => sameText(given, signature(secret, body))))
      return { ok: false, reason: 'bad_signature' };
    const payload = parsePayload(body);
    if (!payload) return { ok: false, reason: 'malformed' };
    const expiresAt = payload.x * 1000;
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      session: {
        environmentId: payload.e,
        organizationId: payload.o,
        subscriberId: payload.s,
        expiresAt,
        ...(payload.i !== undefined ? { issuedAt: payload.i * 1000 } : {}),
      },
    };
  }
}

function signature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`inbox-session.v1.${body}`).digest('base64url');
}

/** Constant-time equality of two strings (the length is public: every signature has 43 characters). */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parsePayload(body: string): TokenPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const payload = value as Partial<TokenPayload>;
    const strings = [payload.e, payload.o, payload.s].every((field) => typeof field === 'string' && field.length > 0);
    const issued = payload.i === undefined || Number.isInteger(payload.i);
    return payload.v === 1 && strings && Number.isInteger(payload.x) && issued ? (payload as TokenPayload) : undefined;
  } catch {
    return undefined;
  }
}

/** Novu's `subscriberHash`: hex HMAC-SHA-256 of the subscriber id under the secret. */
export function subscriberHashOf(secret: string, subscriberId: string): string {
  return createHmac('sha256', secret).update(subscriberId).digest('hex');
}

/** Constant-time comparison of a client's `subscriberHash` with the expected one. */
export function subscriberHashMatches(secret: string, subscriberId: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(subscriberHashOf(secret, subscriberId));
  const actual = Buffer.from(given.toLowerCase());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
