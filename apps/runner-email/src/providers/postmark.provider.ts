import {
  applyProviderOverrides,
  type DeliveryProvider,
  isRecord,
  misconfigured,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { baseUrlOf, formatMailbox, outcomeOfResponse, textOf, withQuery } from './email-http';
import { allowedEmailHeaders, composeEmail, type EmailMessage } from './email-message';

const DEFAULT_BASE_URL = 'https://api.postmarkapp.com';

/**
 * Postmark error codes that are the account's, not the message's: 400 sender signature not
 * found, 401 sender signature not confirmed, 405 not allowed to send (no credits), 412 account
 * pending approval (Postmark's API error code table).
 */
const ACCOUNT_ERROR_CODES = new Set([400, 401, 405, 412]);

/**
 * Postmark's `POST /email` (`X-Postmark-Server-Token`; 200 with `MessageID`). Postmark has no
 * idempotency key: the delivery key travels in `Metadata.herald_delivery_key` (shown in its
 * activity and webhooks). Credentials as Novu names them: `apiKey` (the server token), `from`,
 * `senderName`; optional `messageStream`; `baseUrl` points it elsewhere (tests).
 */
export function postmarkProvider(): DeliveryProvider {
  return {
    providerId: 'postmark',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const credentials = input.integration.credentials;
      const token = stringField(credentials, 'apiKey');
      if (!token) return { ok: false, failure: misconfigured('postmark', 'credentials.apiKey is missing') };
      const settings = {
        baseUrl: baseUrlOf(credentials, DEFAULT_BASE_URL),
        token,
        messageStream: stringField(credentials, 'messageStream'),
      };
      const message = composed.message;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.to.join(', '),
          send: (context) => send(settings, message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  settings: { baseUrl: string; token: string; messageStream?: string },
  message: EmailMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const body = {
    From: formatMailbox(message.from),
    To: message.to.join(', '),
    ...(message.cc.length ? { Cc: message.cc.join(', ') } : {}),
    ...(message.bcc.length ? { Bcc: message.bcc.join(', ') } : {}),
    ...(message.replyTo ? { ReplyTo: message.replyTo } : {}),
    Subject: message.subject,
    HtmlBody: message.html,
    ...(message.text ? { TextBody: message.text } : {}),
    ...(Object.keys(message.headers).length ? { Headers: headerList(message.headers) } : {}),
    ...(message.attachments.length
      ? {
          Attachments: message.attachments.map((attachment) => ({
            Name: attachment.name,
            Content: attachment.content.toString('base64'),
            ContentType: attachment.mime,
          })),
        }
      : {}),
    Metadata: { herald_delivery_key: context.deliveryKey, herald_job_id: context.jobId },
    ...(settings.messageStream ? { MessageStream: settings.messageStream } : {}),
  };
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  if (Array.isArray(request.body.Headers)) request.body.Headers = allowedHeaderList(request.body.Headers);
  const response = await context.http.request({
    method: 'POST',
    url: withQuery(`${settings.baseUrl}/email`, request.query),
    headers: {
      ...request.headers,
      accept: 'application/json',
      'content-type': 'application/json',
      'x-postmark-server-token': settings.token,
    },
    body: JSON.stringify(request.body),
  });
  return outcomeOfResponse('postmark', response, {
    // `{"ErrorCode": 300, "Message": "Invalid 'To' address: ..."}`
    reason: (answer) => {
      const text = textOf(answer, 'Message');
      const code = isRecord(answer) ? answer.ErrorCode : undefined;
      return text ? (typeof code === 'number' ? `${text} (ErrorCode ${code})` : text) : undefined;
    },
    messageId: (answer) => textOf(answer, 'MessageID'),
    integrationFault: (status, answer) =>
      status === 422 && isRecord(answer) && ACCOUNT_ERROR_CODES.has(Number(answer.ErrorCode)),
  });
}

function headerList(headers: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(headers).map(([Name, Value]) => ({ Name, Value }));
}

/** Headers a provider override adds to `Headers` pass the same allow-list as `overrides.email.headers`. */
function allowedHeaderList(list: unknown[]): { Name: string; Value: string }[] {
  const record: Record<string, unknown> = {};
  for (const item of list) if (isRecord(item) && typeof item.Name === 'string') record[item.Name] = item.Value;
  return headerList(allowedEmailHeaders(record));
}
