import { createHash } from 'node:crypto';

import {
  applyProviderOverrides,
  clip,
  type DeliveryProvider,
  failureFromError,
  failureFromStatus,
  misconfigured,
  parseJson,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { ApnsProviderTokens, type ApnsSigningKey } from './apns-token';
import { GuardedHttp2Session, type Http2Answer } from './http2-session';
import { composePush, type PushMessage } from './push-message';

const PRODUCTION_URL = 'https://api.push.apple.com';
const SANDBOX_URL = 'https://api.sandbox.push.apple.com';
/** Devices sent to at a time on the one HTTP/2 connection of a job. */
const PARALLEL_SENDS = 10;
/** Reasons that mean the integration's bundle id (`apns-topic`) is wrong, not the device. */
const TOPIC_REASONS = new Set(['BadTopic', 'MissingTopic', 'TopicDisallowed']);
/** node-apn notification options (as Novu's overrides name them) that are APNs request headers. */
const HEADER_OVERRIDES: Record<string, string> = {
  collapseId: 'apns-collapse-id',
  pushType: 'apns-push-type',
  priority: 'apns-priority',
  expiry: 'apns-expiration',
};

interface ApnsAccount {
  key: ApnsSigningKey;
  bundleId: string;
  origin: string;
}

/**
 * Apple Push Notification service over HTTP/2 (`node:http2`): `POST /3/device/<token>` per device
 * token on one connection, token auth (an ES256 JWT from the `.p8` key), `apns-topic` the bundle
 * id, `apns-push-type: alert`, and an `apns-id` derived from the delivery key and the device (a
 * retried job reuses it). Payload `{aps: {alert: {title, body}}, ...data}`; provider overrides
 * deep-merge into it, except node-apn's `collapseId`, `pushType`, `priority` and `expiry`, which
 * become headers. Delivered when any device accepted it. Credentials (Novu's names): `secretKey`
 * (the p8 key), `apiKey` (key id), `projectName` (team id), `applicationId` (bundle id), `secure`
 * (production endpoint, else sandbox); `baseUrl` points it elsewhere (an `http:` one speaks h2c).
 */
export function apnsProvider(tokens = new ApnsProviderTokens()): DeliveryProvider {
  return {
    providerId: 'apns',
    prepare(input) {
      const composed = composePush(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const privateKey = stringField(credentials, 'secretKey');
      const keyId = stringField(credentials, 'apiKey');
      const teamId = stringField(credentials, 'projectName');
      const bundleId = stringField(credentials, 'applicationId');
      if (!privateKey || !keyId || !teamId || !bundleId)
        return {
          ok: false,
          failure: misconfigured(
            'apns',
            'credentials.secretKey (p8 key), apiKey (key id), projectName (team id) and applicationId (bundle id) are required',
          ),
        };
      const production = credentials.secure === true || credentials.secure === 'true';
      const origin = stringField(credentials, 'baseUrl') ?? (production ? PRODUCTION_URL : SANDBOX_URL);
      const account: ApnsAccount = { key: { privateKey, keyId, teamId }, bundleId, origin };
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: input.job.subscriber.subscriberId,
          send: (context) => send(tokens, account, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  tokens: ApnsProviderTokens,
  account: ApnsAccount,
  message: PushMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const jwt = await tokens.get(account.key);
  if (!jwt)
    return {
      ok: false,
      failure: misconfigured('apns', 'credentials.secretKey is not a valid .p8 (P-256 PKCS #8) key'),
    };
  let session: GuardedHttp2Session;
  try {
    session = await GuardedHttp2Session.open(account.origin, context);
  } catch (error) {
    return { ok: false, failure: failureFromError('apns', error) };
  }
  const { headers, payload } = buildRequest(message, overrides);
  const results: ({ id: string } | { failure: ProviderFailure })[] = [];
  try {
    for (let start = 0; start < message.tokens.length; start += PARALLEL_SENDS) {
      const batch = message.tokens.slice(start, start + PARALLEL_SENDS);
      results.push(
        ...(await Promise.all(
          batch.map((token) => sendOne(session, { jwt, account, headers, payload, token }, context)),
        )),
      );
    }
  } finally {
    session.close();
  }
  const ids = results.flatMap((result) => ('id' in result ? [result.id] : []));
  if (ids.length > 0) return { ok: true, providerMessageId: clip(ids.join(','), 1000) };
  const failures = results.flatMap((result) => ('failure' in result ? [result.failure] : []));
  if (failures.some((failure) => failure.code === 'provider_auth_failed')) tokens.forget(account.key);
  return { ok: false, failure: failures.find((failure) => failure.retryable) ?? failures[0] };
}

function buildRequest(
  message: PushMessage,
  overrides: Record<string, unknown>,
): { headers: Record<string, string>; payload: string } {
  const headerValues: Record<string, string> = {};
  const bodyOverrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (HEADER_OVERRIDES[key] && (typeof value === 'string' || typeof value === 'number'))
      headerValues[HEADER_OVERRIDES[key]] = String(value);
    else bodyOverrides[key] = value;
  }
  const request = applyProviderOverrides(
    { body: { ...message.data, aps: { alert: { title: message.title, body: message.body } } }, headers: {}, query: {} },
    bodyOverrides,
  );
  return { headers: { ...headerValues, ...request.headers }, payload: JSON.stringify(request.body) };
}

async function sendOne(
  session: GuardedHttp2Session,
  request: { jwt: string; account: ApnsAccount; headers: Record<string, string>; payload: string; token: string },
  context: SendContext,
): Promise<{ id: string } | { failure: ProviderFailure }> {
  const apnsId = deliveryUuid(context.deliveryKey, request.token);
  try {
    const answer = await session.request(
      {
        ':method': 'POST',
        ':path': `/3/device/${encodeURIComponent(request.token)}`,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        ...request.headers,
        authorization: `bearer ${request.jwt}`,
        'apns-topic': request.account.bundleId,
        'apns-id': apnsId,
        'content-type': 'application/json',
      },
      request.payload,
      context.timeoutMs,
    );
    if (answer.status === 200) return { id: String(answer.headers['apns-id'] ?? apnsId) };
    return { failure: apnsFailure(answer) };
  } catch (error) {
    return { failure: failureFromError('apns', error) };
  }
}

/**
 * APNs answers `{reason}`: 400 BadDeviceToken and 410 Unregistered are about this device
 * (permanent); BadTopic, MissingTopic and TopicDisallowed about the integration's bundle id
 * (misconfigured, fails over); 403 provider-token errors are auth failures; 429 and 5xx retryable.
 */
export function apnsFailure(answer: Http2Answer): ProviderFailure {
  const reason = (parseJson(answer.body) as { reason?: unknown } | undefined)?.reason;
  const text = typeof reason === 'string' ? reason : undefined;
  if (text && TOPIC_REASONS.has(text)) return misconfigured('apns', `APNs refused the bundle id (${text})`);
  return failureFromStatus('apns', answer.status, text);
}

/** A UUID (the form `apns-id` requires) derived from the delivery key and the device token. */
function deliveryUuid(deliveryKey: string, token: string): string {
  const hex = createHash('sha256').update(`${deliveryKey}|${token}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
