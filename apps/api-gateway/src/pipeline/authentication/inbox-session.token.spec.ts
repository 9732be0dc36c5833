import { InboxSessionTokens, subscriberHashMatches, subscriberHashOf } from './inbox-session.token';

describe('InboxSessionTokens', () => {
  const tokens = new InboxSessionTokens('secret');
  const session = {
    environmentId: 'env-1',
    organizationId: 'org-1',
    subscriberId: 'ada',
    expiresAt: 2_000_000_000_000,
  };

  it('verifies what it signed, until it expires', () => {
    const token = tokens.sign(session);
    expect(tokens.verify(token, session.expiresAt - 1)).toEqual({ ok: true, session });
    expect(tokens.verify(token, session.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tokens signed with another secret or tampered with', () => {
    expect(new InboxSessionTokens('other').verify(tokens.sign(session), 0)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const [, signature] = tokens.sign(session).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, e: 'env-2', o: 'org-1', s: 'ada', x: 2_000_000_000 })).toString(
      'base64url',
    );
    expect(tokens.verify(`${forged}.${signature}`, 0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses malformed tokens', () => {
    for (const token of ['', 'abc', 'a.b.c', '.x']) expect(tokens.verify(token, 0).ok).toBe(false);
  });

  it('accepts only the canonical encoding of a signature (no trailing junk, padding or spare bits)', () => {
    const token = tokens.sign(session);
    const [body, signature] = token.split('.');
    // 32 bytes are 43 base64url characters; the last one carries 2 spare bits a decoder ignores.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(signature.at(-1)!);
    const spareBits =
      signature.slice(0, -1) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[last ^ 1];
    expect(Buffer.from(spareBits, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    for (const malleated of [
      `${token}=`,
      `${token}!!!`,
      `${body}.${signature}==`,
      `${body}.${spareBits}`,
      `${body}.${Buffer.from(signature, 'base64url').toString('base64')}`,
    ]) {
      expect({ malleated, verdict: tokens.verify(malleated, 0) }).toEqual({
        malleated,
        verdict: { ok: false, reason: 'bad_signature' },
      });
    }
    expect(tokens.verify(token, 0).ok).toBe(true);
  });

  it('rotates without downtime: signs with the current secret, still verifies the previous one', () => {
    const rotated = new InboxSessionTokens('new-secret', 'secret');
    const issuedBefore = tokens.sign(session);
    expect(rotated.verify(issuedBefore, 0)).toEqual({ ok: true, session });
    const issuedAfter = rotated.sign(session);
    expect(issuedAfter).toBe(new InboxSessionTokens('new-secret').sign(session));
    expect(tokens.verify(issuedAfter, 0)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(new InboxSessionTokens('new-secret').verify(issuedBefore, 0)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('subscriberHash', () => {
  it('is the hex HMAC-SHA-256 of the subscriber id, compared case-insensitively', () => {
    const hash = subscriberHashOf('key', 'ada');
    expect(hash).toBe('708a727d2475357eaacc4f88c80d7eec3218ce0cabcf2694f6fecd080545cc6f');
    expect(subscriberHashMatches('key', 'ada', hash.toUpperCase())).toBe(true);
    expect(subscriberHashMatches('key', 'alan', hash)).toBe(false);
    expect(subscriberHashMatches('key', 'ada', undefined)).toBe(false);
  });
});
