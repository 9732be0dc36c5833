import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromStatus,
  misconfigured,
  type OutboundResponse,
  type ProviderFailure,
  type SendContext,
  type SendOutcome,
  stringField,
  stringValues,
} from '@herald/runner-kit';
import aws4 from 'aws4';

import { composeSms, type SmsMessage } from './sms-message';

/** AWS error codes that mean "slow down" or "try again", whatever the HTTP status. */
const RETRYABLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'Throttled',
  'RequestThrottled',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'KMSThrottling',
]);
/** AWS error codes that mean the integration's keys or permissions are wrong. */
const AUTH_CODES = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthorizationError',
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'UnrecognizedClientException',
]);

interface SnsAccount {
  url: URL;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Amazon SNS `Publish` to a phone number (Novu's `sns`): the query API (`Action=Publish`,
 * `Version=2010-03-31`, form-encoded `PhoneNumber`, `Message`, and the sender as the
 * `AWS.SNS.SMS.SenderID` message attribute) signed with SigV4 (`aws4`); XML answers
 * (`PublishResponse/PublishResult/MessageId`) and XML errors (`ErrorResponse/Error/Code`).
 * SMS publishing has no idempotency field, so the delivery key is not sent. Credentials
 * (Novu's names): `apiKey` (access key id), `secretKey`, `region`, `from` (sender id, optional);
 * `baseUrl` points it elsewhere (tests; the signature still names `sns` in `region`).
 */
export function snsProvider(): DeliveryProvider {
  return {
    providerId: 'sns',
    prepare(input) {
      const composed = composeSms(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const accessKeyId = stringField(credentials, 'apiKey');
      const secretAccessKey = stringField(credentials, 'secretKey');
      const region = stringField(credentials, 'region');
      if (!accessKeyId || !secretAccessKey || !region)
        return {
          ok: false,
          failure: misconfigured(
            'sns',
            'credentials.apiKey, credentials.secretKey and credentials.region are required',
          ),
        };
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
        return { ok: false, failure: misconfigured('sns', 'credentials.region is not an AWS region') };
      let url: URL;
      try {
        url = new URL(stringField(credentials, 'baseUrl') ?? `https://sns.${region}.amazonaws.com/`);
      } catch {
        return { ok: false, failure: misconfigured('sns', 'credentials.baseUrl is not a URL') };
      }
      const sessionToken = stringField(credentials, 'sessionToken');
      const account: SnsAccount = {
        url,
        region,
        accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
      };
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: composed.message.to,
          send: (context) => send(account, composed.message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  account: SnsAccount,
  message: SmsMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const sender = message.from
    ? {
        'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SenderID',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': message.from,
      }
    : {};
  const request = applyProviderOverrides(
    { body: { PhoneNumber: message.to, Message: message.content, ...sender }, headers: {}, query: {} },
    overrides,
  );
  const body = new URLSearchParams({
    Action: 'Publish',
    Version: '2010-03-31',
    ...stringValues(request.body),
  }).toString();
  const signed = aws4.sign(
    {
      host: account.url.host,
      path: account.url.pathname || '/',
      method: 'POST',
      service: 'sns',
      region: account.region,
      body,
      headers: { ...request.headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    },
    {
      accessKeyId: account.accessKeyId,
      secretAccessKey: account.secretAccessKey,
      ...(account.sessionToken ? { sessionToken: account.sessionToken } : {}),
    },
  );
  const response = await context.http.request({
    method: 'POST',
    url: new URL(account.url.pathname || '/', account.url).toString(),
    headers: Object.fromEntries(
      Object.entries(signed.headers ?? {})
        .filter(([name]) => name.toLowerCase() !== 'content-length')
        .map(([name, value]) => [name, String(value)]),
    ),
    body,
  });
  if (response.status >= 200 && response.status < 300) {
    const id = xmlText(response.body, 'MessageId');
    return { ok: true, providerMessageId: id };
  }
  return { ok: false, failure: snsFailure(response) };
}

/**
 * AWS query-API errors: `<ErrorResponse><Error><Type/><Code/><Message/></Error></ErrorResponse>`.
 * Throttling and internal errors are retryable (SNS sends throttling as 400 as well as 429),
 * credential and permission errors are auth failures, the rest goes by HTTP status.
 */
export function snsFailure(response: OutboundResponse): ProviderFailure {
  const code = xmlText(response.body, 'Code');
  const text = xmlText(response.body, 'Message');
  const base = failureFromStatus('sns', response.status, code ? `${code}${text ? ` ${text}` : ''}` : undefined);
  if (code && RETRYABLE_CODES.has(code))
    return {
      ...base,
      code: code.includes('Thrott') ? 'provider_rate_limited' : 'provider_unavailable',
      retryable: true,
    };
  if (code && AUTH_CODES.has(code)) return { ...base, code: 'provider_auth_failed', retryable: false };
  return base;
}

/** The text of the first `<tag>` element (AWS answers are flat enough for this), XML entities decoded. */
function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!match) return undefined;
  return match[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
