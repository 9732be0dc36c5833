import { createHash, createSign } from 'node:crypto';

import {
  clip,
  failureFromResponse,
  type OutboundHttpClient,
  parseJson,
  type ProviderFailure,
} from '@herald/runner-kit';

/** The fields of a Google service account key the FCM provider uses. */
export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** Parses `credentials.serviceAccount` (the key file's JSON, as a string or an object), or says what is wrong. */
export function parseServiceAccount(value: unknown): ServiceAccount | { error: string } {
  const json = typeof value === 'string' ? parseJson(value) : value;
  const account = json as Partial<ServiceAccount> | undefined;
  if (!account || typeof account !== 'object')
    return { error: 'credentials.serviceAccount must be the service account key JSON' };
  for (const field of ['project_id', 'client_email', 'private_key'] as const) {
    if (typeof account[field] !== 'string' || account[field] === '')
      return { error: `credentials.serviceAccount.${field} is missing` };
  }
  return {
    project_id: account.project_id!,
    client_email: account.client_email!,
    private_key: account.private_key!,
    token_uri: typeof account.token_uri === 'string' ? account.token_uri : DEFAULT_TOKEN_URI,
  };
}

/**
 * OAuth 2.0 access tokens for FCM from a service account (the JWT bearer grant, RFC 7523: an
 * RS256-signed assertion exchanged at the account's `token_uri`), cached until shortly before
 * they expire.
 */
export class GoogleAccessTokens {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  /** A valid token, or the failure of the exchange (refused grants allow failover: the integration is broken). */
  async get(
    account: ServiceAccount,
    http: OutboundHttpClient,
  ): Promise<{ token: string } | { failure: ProviderFailure }> {
    const key = cacheKey(account);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return { token: cached.token };
    let assertion: string;
    try {
      assertion = signAssertion(account);
    } catch {
      return {
        failure: {
          code: 'integration_misconfigured',
          message: 'fcm integration: credentials.serviceAccount.private_key is not a valid RSA key',
          retryable: false,
        },
      };
    }
    const response = await http.request({
      method: 'POST',
      url: account.token_uri,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    });
    const answer = parseJson(response.body) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (response.status !== 200 || typeof answer?.access_token !== 'string') {
      const failure = failureFromResponse('fcm', response);
      const refused = response.status === 400 || response.status === 401 || response.status === 403;
      return {
        failure: refused
          ? {
              code: 'provider_auth_failed',
              message: clip(`fcm token exchange refused: ${failure.message}`),
              retryable: false,
            }
          : failure,
      };
    }
    const lifetimeS = typeof answer.expires_in === 'number' ? answer.expires_in : 3600;
    this.tokens.set(key, { token: answer.access_token, expiresAt: Date.now() + Math.max(0, lifetimeS - 60) * 1000 });
    return { token: answer.access_token };
  }

  /** Forgets a token the API refused. */
  forget(account: ServiceAccount): void {
    this.tokens.delete(cacheKey(account));
  }
}

// A rotated key gets its own token; the key itself is not kept as a map key.
function cacheKey(account: ServiceAccount): string {
  return createHash('sha256')
    .update(`${account.client_email}|${account.token_uri}|${account.private_key}`)
    .digest('hex');
}

function signAssertion(account: ServiceAccount): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: account.client_email, scope: FCM_SCOPE, aud: account.token_uri, iat: now, exp: now + 3600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.private_key, 'base64url');
  return `${unsigned}.${signature}`;
}
