import {
  applyProviderOverrides,
  type DeliveryProvider,
  misconfigured,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { baseUrlOf, filterHeaderRecord, formatMailbox, outcomeOfResponse, textOf, withQuery } from './email-http';
import { composeEmail, type EmailMessage } from './email-message';

const DEFAULT_BASE_URL = 'https://api.resend.com';

/**
 * Resend's `POST /emails` (bearer API key; 200 with `{id}`). The delivery key is the
 * `Idempotency-Key`: a redelivered job within Resend's 24 hours gets the first send's answer
 * instead of a second mail; it also travels as the `herald_delivery_key` tag. Credentials as
 * Novu names them: `apiKey`, `from`, `senderName`; `baseUrl` points it elsewhere (tests).
 */
export function resendProvider(): DeliveryProvider {
  return {
    providerId: 'resend',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const apiKey = stringField(input.integration.credentials, 'apiKey');
      if (!apiKey) return { ok: false, failure: misconfigured('resend', 'credentials.apiKey is missing') };
      const baseUrl = baseUrlOf(input.integration.credentials, DEFAULT_BASE_URL);
      const message = composed.message;
      return {
        ok: true,
        delivery: {
          kind: 'external',
          recipient: message.to.join(', '),
          send: (context) => send(baseUrl, apiKey, message, input.providerOverrides, context),
        },
      };
    },
  };
}

async function send(
  baseUrl: string,
  apiKey: string,
  message: EmailMessage,
  overrides: Record<string, unknown>,
  context: SendContext,
): Promise<SendOutcome> {
  const body = {
    from: formatMailbox(message.from),
    to: message.to,
    ...(message.cc.length ? { cc: message.cc } : {}),
    ...(message.bcc.length ? { bcc: message.bcc } : {}),
    ...(message.replyTo ? { reply_to: message.replyTo } : {}),
    subject: message.subject,
    html: message.html,
    ...(message.text ? { text: message.text } : {}),
    ...(Object.keys(message.headers).length ? { headers: message.headers } : {}),
    ...(message.attachments.length
      ? {
          attachments: message.attachments.map((attachment) => ({
            filename: attachment.name,
            content: attachment.content.toString('base64'),
            content_type: attachment.mime,
          })),
        }
      : {}),
    tags: [
      { name: 'herald_delivery_key', value: context.deliveryKey },
      { name: 'herald_job_id', value: context.jobId.replace(/[^\w-]/g, '_') },
    ],
  };
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  request.body.headers = filterHeaderRecord(request.body.headers);
  const response = await context.http.request({
    method: 'POST',
    url: withQuery(`${baseUrl}/emails`, request.query),
    headers: {
      ...request.headers,
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': context.deliveryKey,
    },
    body: JSON.stringify(request.body),
  });
  return outcomeOfResponse('resend', response, {
    // `{"statusCode": 422, "name": "validation_error", "message": "..."}`
    reason: (answer) => {
      const message = textOf(answer, 'message');
      const name = textOf(answer, 'name');
      return message ? (name ? `${name}: ${message}` : message) : undefined;
    },
    messageId: (answer) => textOf(answer, 'id'),
    // A sending domain that is not verified is the account's problem, not the message's.
    integrationFault: (_status, answer) =>
      /domain is not verified|testing emails/i.test(textOf(answer, 'message') ?? ''),
  });
}
