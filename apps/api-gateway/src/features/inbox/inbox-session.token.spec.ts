import { InboxSessionTokens, subscriberHashMatches, subscriberHashOf } from './inbox-session.token';

describe('InboxSessionTokens', () => {
  const tokens = new InboxSessionTokens('secret');
  const session = { environmentId: 'env-1', organizationId: 'org-1', subscriberId: 'ada', expiresAt: 2_000_000_000_000 };

  it('verifies what it signed, until it expires', () => {
    const token = tokens.sign(session);
    expect(tokens.verify(token, session.expiresAt - 1)).toEqual({ ok: true, session });
    expect(tokens.verify(token, session.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses tokens signed with another secret or tampered with', () => {
    expect(new InboxSessionTokens('other').verify(tokens.sign(session), 0)).toEqual({ ok: false, reason: 'bad_signature' });
    const [, signature] = tokens.sign(session).split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, e: 'env-2', o: 'org-1', s: 'ada', x: 2_000_000_000 })).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`, 0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses malformed tokens', () => {
    for (const token of ['', 'abc', 'a.b.c', '.x']) expect(tokens.verify(token, 0).ok).toBe(false);
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
