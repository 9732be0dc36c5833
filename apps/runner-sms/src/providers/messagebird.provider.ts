import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromResponse,
  misconfigured,
  parseJson,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { composeSms, type SmsMessage } from './sms-message';

const DEFAULT_BASE_URL = 'https://rest.messagebird.com';

/**
 * MessageBird's SMS API: `POST /messages` with `Authorization: AccessKey <key>` and JSON
 * `{originator, recipients, body, reference}` (the delivery key as `reference`); 201 with the
 * message `id`; errors as `{errors: [{code, description, parameter}]}`. Credentials (Novu's
 * names): `accessKey`, `from`; `baseUrl` for tests.
 */
export function messagebirdProvider(): DeliveryProvider {
  return {
    providerId: 'messagebird',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const accessKey = stringField(credentials, 'accessKey');
      if (!accessKey) return { ok: false, failure: misconfigured('messagebird', 'credentials.accessKey is missing') };
      if (!composed.message.from)
        return { ok: false, failure: misconfigured('messagebird', 'credentials.from (the originator) is missing') };
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send(baseUrl, accessKey, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  baseUrl: string,
  accessKey: string,
  message: SmsMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const request = applyProviderOverrides(
    {
      body: {
        originator: message.from ?? '',
        recipients: [message.to.replace(/^\+/, '')],
        body: message.content,
        reference: context.deliveryKey,
      },
      headers: {},
      query: {},
    },
    overrides,
  );
  const response = await context.http.request({
    method: 'POST',
    url: `${baseUrl.replace(/\/+$/, '')}/messages`,
    headers: {
      ...request.headers,
      authorization: `AccessKey ${accessKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify(request.body),
  });
  if (response.status >= 200 && response.status < 300) {
    const id = (parseJson(response.body) as { id?: unknown } | undefined)?.id;
    return { ok: true, providerMessageId: typeof id === 'string' ? id : undefined };
  }
  return { ok: false, failure: messagebirdFailure(response) };
}

/**
 * By HTTP status (401 credentials, 422 parameters, 429, 5xx), except error code 25 (not enough
 * balance, sent as 402 or 422): retryable, so the job fails over and a later try after a top-up
 * may pass.
 */
function messagebirdFailure(response: Parameters<typeof failureFromResponse>[1]): ProviderFailure {
  const errors = (parseJson(response.body) as { errors?: { code?: unknown; description?: unknown }[] } | undefined)
    ?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const failure = failureFromResponse('messagebird', response, () =>
    first && typeof first.description === 'string' ? `${String(first.code)} ${first.description}` : undefined,
  );
  return first?.code === 25 ? { ...failure, code: 'provider_quota_exceeded', retryable: true } : failure;
}
