import { createHash } from 'node:crypto';

import { importPKCS8, SignJWT } from 'jose';

/** What APNs token auth needs: the p8 key, its key id and the team id. */
export interface ApnsSigningKey {
  /** The `.p8` key (PKCS #8 PEM) Apple issued. */
  privateKey: string;
  keyId: string;
  teamId: string;
}

/**
 * APNs provider tokens (ES256 JWTs: header `kid`, claims `iss` team id and `iat`). Apple accepts
 * a token for an hour and refuses one renewed more often than every 20 minutes
 * (`TooManyProviderTokenUpdates`), so each key's token is kept for 50 minutes.
 */
export class ApnsProviderTokens {
  private static readonly LIFETIME_MS = 50 * 60 * 1000;
  private readonly tokens = new Map<string, { jwt: string; expiresAt: number }>();

  /** A token for the key, or undefined when the key is not a valid P-256 PKCS #8 key. */
  async get(key: ApnsSigningKey): Promise<string | undefined> {
    const cacheKey = fingerprint(key);
    const cached = this.tokens.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.jwt;
    let jwt: string;
    try {
      const privateKey = await importPKCS8(key.privateKey.replace(/\\n/g, '\n'), 'ES256');
      jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: key.keyId })
        .setIssuer(key.teamId)
        .setIssuedAt()
        .sign(privateKey);
    } catch {
      return undefined;
    }
    this.tokens.set(cacheKey, { jwt, expiresAt: Date.now() + ApnsProviderTokens.LIFETIME_MS });
    return jwt;
  }

  /** Forgets a token APNs called expired or invalid. */
  forget(key: ApnsSigningKey): void {
    this.tokens.delete(fingerprint(key));
  }
}

// A rotated key gets its own token; the key itself is not kept as a map key.
function fingerprint(key: ApnsSigningKey): string {
  return createHash('sha256').update(`${key.teamId}|${key.keyId}|${key.privateKey}`).digest('hex');
}
