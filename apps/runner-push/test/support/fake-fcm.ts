import { createVerify, generateKeyPairSync } from 'node:crypto';

import type { ReceivedRequest, RequestResponder, ScriptedResponse } from '@herald/testing';

/** A token FCM no longer knows (404 UNREGISTERED). */
export const UNREGISTERED_TOKEN = 'unregistered-device-token';

/** A service account key for the fake, with `token_uri` pointing at it, and the fake's scripted answers. */
export interface FakeFcm {
  projectId: string;
  /** Builds the service account key JSON for a fake reachable at `baseUrl`. */
  serviceAccount(baseUrl: string): string;
  responder: RequestResponder;
  /** Answers `messages:send` gives instead of accepting, in order. */
  next: ScriptedResponse[];
  accessTokensIssued: number;
}

const fcmError = (code: number, status: string, message: string, errorCode?: string): ScriptedResponse => ({
  status: code,
  body: {
    error: {
      code,
      message,
      status,
      ...(errorCode
        ? { details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] }
        : {}),
    },
  },
});

/**
 * Google's OAuth token endpoint and FCM HTTP v1 as tests need them: the JWT bearer grant is
 * verified (RS256 signature against the service account's key, issuer, audience, scope, expiry)
 * before an access token is issued; `messages:send` checks that token, the route and the message
 * (one token, notification strings, string-only data) and answers `{name}` or FCM's errors.
 */
export function fakeFcm(projectId = 'herald-test'): FakeFcm {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = `runner@${projectId}.iam.gserviceaccount.com`;
  const state: FakeFcm = {
    projectId,
    next: [],
    accessTokensIssued: 0,
    serviceAccount: (baseUrl) =>
      JSON.stringify({
        type: 'service_account',
        project_id: projectId,
        client_email: clientEmail,
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        token_uri: `${baseUrl}/token`,
      }),
    responder: (request: ReceivedRequest) => {
      if (request.method === 'POST' && request.path === '/token') return token(request);
      if (request.method === 'POST' && request.path === `/v1/projects/${projectId}/messages:send`) return send(request);
      return fcmError(404, 'NOT_FOUND', 'Requested entity was not found.');
    },
  };

  function token(request: ReceivedRequest): ScriptedResponse {
    const invalid = { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
    if (request.form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    const [header, claims, signature] = (request.form.get('assertion') ?? '').split('.');
    if (
      !signature ||
      !createVerify('RSA-SHA256').update(`${header}.${claims}`).verify(publicKey, signature, 'base64url')
    )
      return invalid;
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as {
      iss?: string;
      aud?: string;
      scope?: string;
      exp?: number;
    };
    const now = Date.now() / 1000;
    if (
      payload.iss !== clientEmail ||
      !payload.aud?.endsWith('/token') ||
      payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging' ||
      !payload.exp ||
      payload.exp < now
    )
      return invalid;
    state.accessTokensIssued += 1;
    return {
      status: 200,
      body: { access_token: `ya29.test-${state.accessTokensIssued}`, expires_in: 3599, token_type: 'Bearer' },
    };
  }

  function send(request: ReceivedRequest): ScriptedResponse {
    if (!/^Bearer ya29\.test-\d+$/.test(String(request.headers.authorization)))
      return fcmError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const message = (
      request.json as
        | {
            message?: {
              token?: unknown;
              notification?: { title?: unknown; body?: unknown };
              data?: Record<string, unknown>;
            };
          }
        | undefined
    )?.message;
    if (!message || typeof message.token !== 'string')
      return fcmError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', 'INVALID_ARGUMENT');
    if (
      message.notification &&
      (typeof message.notification.title !== 'string' || typeof message.notification.body !== 'string')
    )
      return fcmError(400, 'INVALID_ARGUMENT', 'Invalid value at message.notification', 'INVALID_ARGUMENT');
    if (message.data && Object.values(message.data).some((value) => typeof value !== 'string'))
      return fcmError(
        400,
        'INVALID_ARGUMENT',
        'Invalid value at message.data: values must be strings',
        'INVALID_ARGUMENT',
      );
    if (message.token === UNREGISTERED_TOKEN)
      return fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED');
    const scripted = state.next.shift();
    if (scripted) return scripted;
    return { status: 200, body: { name: `projects/${projectId}/messages/0:${message.token.length}${Date.now()}` } };
  }

  return state;
}

/** FCM's quota error. */
export const fcmQuotaExceeded = fcmError(
  429,
  'RESOURCE_EXHAUSTED',
  'Quota exceeded for sending messages.',
  'QUOTA_EXCEEDED',
);
/** FCM's unavailable error. */
export const fcmUnavailable = fcmError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE');
