import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromResponse,
  misconfigured,
  parseJson,
  type SendContext,
  type SendOutcome,
  stringField,
  stringValues,
} from '@herald/runner-kit';

import { composeSms, SmsMessage } from './sms-message';

const DEFAULT_BASE_URL = 'https://api.twilio.com';

/**
 * Twilio's Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic auth
 * (account SID and auth token), form-encoded `To`, `From` (or `MessagingServiceSid` when the
 * sender is a messaging service, `MG…`) and `Body`; 201 with the message `sid`. Credentials:
 * `accountSid`, `token`, `from`; `baseUrl` points it elsewhere (tests).
 */
export function twilioProvider(): DeliveryProvider {
  return {
    providerId: 'twilio',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const accountSid = stringField(credentials, 'accountSid');
      const token = stringField(credentials, 'token');
      if (!accountSid || !token)
        return {
          ok: false,
          failure: misconfigured('twilio', 'credentials.accountSid and credentials.token are required'),
        };
      if (!composed.message.from)
        return {
          ok: false,
          failure: misconfigured('twilio', 'credentials.from (a number or messaging service SID) is missing'),
        };
      const baseUrl = stringField(credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send({ baseUrl, accountSid, token }, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  account: { baseUrl: string; accountSid: string; token: string },
  message: SmsMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const sender = message.from?.startsWith('MG') ? { MessagingServiceSid: message.from } : { From: message.from ?? '' };
  const request = applyProviderOverrides(
    { body: { To: message.to, ...sender, Body: message.content }, headers: {}, query: {} },
    overrides,
  );
  const response = await context.http.request({
    method: 'POST',
    url: `${account.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`,
    headers: {
      ...request.headers,
      authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.token}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(stringValues(request.body)).toString(),
  });
  if (response.status >= 200 && response.status < 300) {
    const sid = (parseJson(response.body) as { sid?: unknown } | undefined)?.sid;
    return { ok: true, providerMessageId: typeof sid === 'string' ? sid : undefined };
  }
  return { ok: false, failure: failureFromResponse('twilio', response, twilioReason) };
}

/** Twilio errors: `{"code": 21211, "message": "...", "more_info": "...", "status": 400}`. */
function twilioReason(body: unknown): string | undefined {
  const error = body as { code?: unknown; message?: unknown } | undefined;
  if (typeof error?.message !== 'string') return undefined;
  return typeof error.code === 'number' ? `${error.code} ${error.message}` : error.message;
}
