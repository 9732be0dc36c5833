import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromResponse,
  misconfigured,
  parseJson,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { composeSms, type SmsMessage } from './sms-message';

const DEFAULT_BASE_URL = 'https://api.plivo.com';

/**
 * Plivo's Message API: `POST /v1/Account/{auth_id}/Message/`, HTTP Basic auth (auth id and
 * token), JSON `{src, dst, text}`; 202 with `message_uuid: [...]`, errors as `{api_id, error}`.
 * The API has no idempotency or reference field, so the delivery key is not sent. Credentials
 * (Novu's names): `accountSid` (auth id), `token` (auth token), `from`; `baseUrl` for tests.
 */
export function plivoProvider(): DeliveryProvider {
  return {
    providerId: 'plivo',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const authId = stringField(credentials, 'accountSid');
      const token = stringField(credentials, 'token');
      if (!authId || !token)
        return {
          ok: false,
          failure: misconfigured('plivo', 'credentials.accountSid and credentials.token are required'),
        };
      if (!composed.message.from)
        return { ok: false, failure: misconfigured('plivo', 'credentials.from (a number or sender id) is missing') };
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send({ baseUrl, authId, token }, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  account: { baseUrl: string; authId: string; token: string },
  message: SmsMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const request = applyProviderOverrides(
    { body: { src: message.from ?? '', dst: message.to, text: message.content }, headers: {}, query: {} },
    overrides,
  );
  const response = await context.http.request({
    method: 'POST',
    url: `${account.baseUrl.replace(/\/+$/, '')}/v1/Account/${encodeURIComponent(account.authId)}/Message/`,
    headers: {
      ...request.headers,
      authorization: `Basic ${Buffer.from(`${account.authId}:${account.token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(request.body),
  });
  if (response.status >= 200 && response.status < 300) {
    const uuids = (parseJson(response.body) as { message_uuid?: unknown } | undefined)?.message_uuid;
    const ids = Array.isArray(uuids) ? uuids.filter((id): id is string => typeof id === 'string') : [];
    return { ok: true, providerMessageId: ids.length ? ids.join(',') : undefined };
  }
  return { ok: false, failure: failureFromResponse('plivo', response) };
}
