import {
  applyProviderOverrides,
  type DeliveryProvider,
  failureFromResponse,
  isRecord,
  misconfigured,
  type SendContext,
  type SendOutcome,
  stringField,
} from '@herald/runner-kit';

import { allowedEmailHeaders, composeEmail, EmailMessage } from './email-message';

const DEFAULT_BASE_URL = 'https://api.sendgrid.com';

/**
 * SendGrid's v3 Mail Send API (`POST /v3/mail/send`, bearer API key; 202 with `X-Message-Id`).
 * The delivery key travels as `custom_args.herald_delivery_key` (SendGrid has no idempotency key),
 * so event webhooks and the activity log can tie a message to its job. `credentials.baseUrl`
 * points it elsewhere (regional endpoints, tests).
 */
export function sendgridProvider(): DeliveryProvider {
  return {
    providerId: 'sendgrid',
    prepare(input) {
      const composed = composeEmail(input);
      if (!composed.ok) return composed;
      const apiKey = stringField(input.integration.credentials, 'apiKey');
      if (!apiKey) return { ok: false, failure: misconfigured('sendgrid', 'credentials.apiKey is missing') };
      const baseUrl = stringField(input.integration.credentials, 'baseUrl') ?? DEFAULT_BASE_URL;
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
  const list = (emails: string[]) => emails.map((email) => ({ email }));
  const personalization = {
    to: list(message.to),
    ...(message.cc.length ? { cc: list(message.cc) } : {}),
    ...(message.bcc.length ? { bcc: list(message.bcc) } : {}),
  };
  const body = {
    personalizations: [personalization],
    from: { email: message.from.address, ...(message.from.name ? { name: message.from.name } : {}) },
    ...(message.replyTo ? { reply_to: { email: message.replyTo } } : {}),
    subject: message.subject,
    // SendGrid wants text/plain before text/html.
    content: [
      ...(message.text ? [{ type: 'text/plain', value: message.text }] : []),
      { type: 'text/html', value: message.html || ' ' },
    ],
    ...(Object.keys(message.headers).length ? { headers: message.headers } : {}),
    ...(message.attachments.length
      ? {
          attachments: message.attachments.map((attachment) => ({
            content: attachment.content.toString('base64'),
            filename: attachment.name,
            type: attachment.mime,
            disposition: 'attachment',
          })),
        }
      : {}),
    custom_args: { herald_delivery_key: context.deliveryKey, herald_job_id: context.jobId },
  };
  const request = applyProviderOverrides({ body, headers: {}, query: {} }, overrides);
  // Provider overrides may add mail headers too: the same allow-list as overrides.email.headers.
  if (isRecord(request.body.headers)) request.body.headers = allowedEmailHeaders(request.body.headers);
  const response = await context.http.request({
    method: 'POST',
    url: `${baseUrl.replace(/\/+$/, '')}/v3/mail/send`,
    headers: { ...request.headers, authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  if (response.status >= 200 && response.status < 300) {
    const id = response.headers['x-message-id'];
    return { ok: true, providerMessageId: typeof id === 'string' ? id : undefined };
  }
  return { ok: false, failure: failureFromResponse('sendgrid', response, sendgridReason) };
}

/** SendGrid errors: `{"errors": [{"message": "...", "field": "..."}]}`. */
function sendgridReason(body: unknown): string | undefined {
  const errors = (body as { errors?: { message?: unknown; field?: unknown }[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  return errors
    .slice(0, 3)
    .map((error) =>
      typeof error.field === 'string' && error.field
        ? `${error.field}: ${String(error.message)}`
        : String(error.message),
    )
    .join('; ');
}
