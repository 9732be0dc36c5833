import {
  applyProviderOverrides,
  clip,
  type DeliveryProvider,
  failureFromResponse,
  misconfigured,
  parseJson,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
  stringValues,
} from '@herald/runner-kit';

import { composeSms, type SmsMessage } from './sms-message';

const DEFAULT_BASE_URL = 'https://rest.nexmo.com';
/** Vonage keeps at most 100 characters of `client-ref`. */
const CLIENT_REF_MAX = 100;

/** One part of a Vonage answer (a long text is split into several). */
interface VonagePart {
  status?: unknown;
  'message-id'?: unknown;
  'error-text'?: unknown;
}

/**
 * Vonage's SMS API (Novu's `nexmo`): `POST /sms/json`, form-encoded `api_key`, `api_secret`,
 * `from`, `to` (E.164 without `+`), `text` (`type=unicode` when it leaves printable ASCII) and
 * `client-ref` (the delivery key). Vonage answers HTTP 200 even when it refused the message:
 * each part carries a `status`, `0` being accepted (see {@link vonageStatusFailure}). Credentials (Novu's names): `apiKey`, `secretKey`, `from`;
 * `baseUrl` points it elsewhere (tests).
 */
export function nexmoProvider(): DeliveryProvider {
  return {
    providerId: 'nexmo',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const apiKey = stringField(credentials, 'apiKey');
      const apiSecret = stringField(credentials, 'secretKey') ?? stringField(credentials, 'apiSecret');
      if (!apiKey || !apiSecret)
        return {
          ok: false,
          failure: misconfigured('nexmo', 'credentials.apiKey and credentials.secretKey are required'),
        };
      if (!composed.message.from)
        return { ok: false, failure: misconfigured('nexmo', 'credentials.from (a number or sender id) is missing') };
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send({ baseUrl, apiKey, apiSecret }, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  account: { baseUrl: string; apiKey: string; apiSecret: string },
  message: SmsMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const request = applyProviderOverrides(
    {
      body: {
        from: (message.from ?? '').replace(/^\+(?=\d+$)/, ''),
        to: message.to.replace(/^\+/, ''),
        text: message.content,
        // Without it Vonage sends the text as GSM-7 and characters outside it are lost.
        ...(/[^\x20-\x7e\r\n]/.test(message.content) ? { type: 'unicode' } : {}),
        'client-ref': context.deliveryKey.slice(0, CLIENT_REF_MAX),
      },
      headers: {},
      query: {},
    },
    overrides,
  );
  const form = { ...stringValues(request.body), api_key: account.apiKey, api_secret: account.apiSecret };
  const response = await context.http.request({
    method: 'POST',
    url: `${account.baseUrl.replace(/\/+$/, '')}/sms/json`,
    headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  if (response.status !== 200) return { ok: false, failure: failureFromResponse('nexmo', response) };
  const parts = (parseJson(response.body) as { messages?: VonagePart[] } | undefined)?.messages;
  if (!Array.isArray(parts) || parts.length === 0)
    return {
      ok: false,
      failure: { code: 'provider_unavailable', message: 'nexmo answered 200 without messages', retryable: true },
    };
  const refused = parts.find((part) => String(part.status) !== '0');
  if (refused) return { ok: false, failure: vonageStatusFailure(String(refused.status), refused['error-text']) };
  const ids = parts.map((part) => part['message-id']).filter((id): id is string => typeof id === 'string');
  return { ok: true, providerMessageId: ids.length ? clip(ids.join(','), 1000) : undefined };
}

const RETRYABLE: Record<string, string> = {
  '1': 'provider_rate_limited', // Throttled
  '5': 'provider_unavailable', // Internal Error
  '10': 'provider_rate_limited', // Too Many Existing Binds
};
/** The account, not the message, is the problem: another integration may deliver. */
const ACCOUNT: Record<string, string> = {
  '4': 'provider_auth_failed', // Invalid Credentials
  '8': 'provider_auth_failed', // Partner Account Barred
  '11': 'provider_auth_failed', // Account Not Enabled For HTTP
  '14': 'provider_auth_failed', // Invalid Signature
  '32': 'provider_auth_failed', // Signature And API Secret Disallowed
};

/**
 * Vonage's per-message `status` codes: 1 throttled, 5 internal error and 10 too many binds are
 * worth another try; 9 (partner quota exceeded: out of credit) is retryable as well, so failover
 * and a later try after a top-up both happen; credential and account refusals (4, 8, 11, 14, 32)
 * are auth failures; the rest (2 missing and 3 invalid parameters, 6 unroutable, 7 barred number,
 * 12 too long, 15 invalid sender, 29 non-whitelisted destination, 33 deactivated number, ...)
 * are about this message and permanent.
 */
export function vonageStatusFailure(status: string, errorText: unknown): ProviderFailure {
  const message = clip(
    `nexmo refused the message: status ${status}${typeof errorText === 'string' ? ` ${errorText}` : ''}`,
  );
  if (RETRYABLE[status]) return { code: RETRYABLE[status], message, retryable: true };
  if (status === '9') return { code: 'provider_quota_exceeded', message, retryable: true };
  if (ACCOUNT[status]) return { code: ACCOUNT[status], message, retryable: false };
  return { code: 'provider_rejected', message, retryable: false };
}
