import {
  applyProviderOverrides,
  clip,
  deepMerge,
  type DeliveryProvider,
  failureFromError,
  failureFromResponse,
  isRecord,
  misconfigured,
  parseJson,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { GoogleAccessTokens, parseServiceAccount, type ServiceAccount } from './google-access-token';
import { composePush, type PushMessage } from './push-message';

const DEFAULT_BASE_URL = 'https://fcm.googleapis.com';
/** Device tokens sent to at a time (FCM HTTP v1 takes one token per request). */
const PARALLEL_SENDS = 10;

/**
 * Firebase Cloud Messaging HTTP v1: `POST /v1/projects/{project}/messages:send` per device token,
 * with an OAuth access token from the integration's service account (`credentials.serviceAccount`).
 * Delivered when at least one device accepted it; otherwise the first retryable error (or the
 * first error) is the outcome. Provider overrides (and Novu's legacy `overrides.fcm`) merge
 * into the FCM `message` (android, apns, webpush, fcm_options, data).
 */
export function fcmProvider(tokens = new GoogleAccessTokens()): DeliveryProvider {
  return {
    providerId: 'fcm',
    prepare(input) {
      const composed = composePush(input);
      if (!composed.ok) return composed;
      const account = parseServiceAccount(input.integration.credentials.serviceAccount);
      if ('error' in account) return { ok: false, failure: misconfigured('fcm', account.error) };
      const baseUrl = stringField(input.integration.credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      const legacy = input.job.overrides.fcm;
      const overrides = deepMerge(isRecord(legacy) ? withoutData(legacy) : {}, input.providerOverrides);
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: input.job.subscriber.subscriberId,
          send: (context) => send(tokens, account, baseUrl, composed.message, overrides, context),
        },
      };
    },
  };
}

async function send(
  tokens: GoogleAccessTokens,
  account: ServiceAccount,
  baseUrl: string,
  message: PushMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const access = await tokens.get(account, context.http);
  if ('failure' in access) return { ok: false, failure: access.failure };
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  const results: ({ name: string } | { failure: ProviderFailure })[] = [];
  for (let start = 0; start < message.tokens.length; start += PARALLEL_SENDS) {
    const batch = message.tokens.slice(start, start + PARALLEL_SENDS);
    results.push(
      ...(await Promise.all(batch.map((token) => sendOne(url, access.token, token, message, overrides, context)))),
    );
  }
  const names = results.flatMap((result) => ('name' in result ? [result.name] : []));
  if (names.length > 0) return { ok: true, providerMessageId: clip(names.join(','), 1000) };
  const failures = results.flatMap((result) => ('failure' in result ? [result.failure] : []));
  if (failures.some((failure) => failure.code === 'provider_auth_failed')) tokens.forget(account);
  return { ok: false, failure: failures.find((failure) => failure.retryable) ?? failures[0] };
}

async function sendOne(
  url: string,
  accessToken: string,
  token: string,
  message: PushMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<{ name: string } | { failure: ProviderFailure }> {
  const base = {
    token,
    notification: { title: message.title, body: message.body },
    ...(Object.keys(message.data).length ? { data: message.data } : {}),
  };
  const request = applyProviderOverrides({ body: base, headers: {}, query: {} }, overrides);
  try {
    const response = await context.http.request({
      method: 'POST',
      url,
      headers: { ...request.headers, authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: request.body }),
    });
    const answer = parseJson(response.body) as { name?: unknown } | undefined;
    if (response.status === 200 && typeof answer?.name === 'string') return { name: answer.name };
    return { failure: failureFromResponse('fcm', response, fcmReason) };
  } catch (error) {
    return { failure: failureFromError('fcm', error) };
  }
}

/** FCM errors: `{"error": {"code", "message", "status", "details": [{"errorCode": "UNREGISTERED"}]}}`. */
function fcmReason(body: unknown): string | undefined {
  const error = (
    body as { error?: { message?: unknown; status?: unknown; details?: { errorCode?: unknown }[] } } | undefined
  )?.error;
  if (!error || typeof error.message !== 'string') return undefined;
  const code = error.details?.find((detail) => typeof detail.errorCode === 'string')?.errorCode ?? error.status;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

function withoutData(legacy: Record<string, unknown>): Record<string, unknown> {
  const { data: _data, type: _type, ...rest } = legacy;
  return rest;
}
